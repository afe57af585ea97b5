package dev.sluice.internal.llm

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Parses a prefix of a JSON text, as if it had been cut off at its end: open strings, arrays and
 * objects are closed; a dangling key, colon or comma, an incomplete literal (`tru`) or a number
 * that cannot end yet (`-`) is dropped. Returns `null` when nothing usable came yet or when the
 * text is not a JSON prefix at all (invalid syntax, trailing characters after a complete value).
 */
internal fun parsePartialJson(text: String): JsonElement? =
    try {
        PartialJsonParser(text).document()
    } catch (e: NotJsonPrefix) {
        null
    }

private class NotJsonPrefix : RuntimeException(null, null, false, false)

private const val MAX_DEPTH = 512

private class PartialJsonParser(private val s: String) {
    private var i = 0

    private val eof: Boolean get() = i >= s.length

    fun document(): JsonElement? {
        skipWhitespace()
        val value = value(0) ?: return null
        skipWhitespace()
        if (!eof) throw NotJsonPrefix()
        return value
    }

    private fun skipWhitespace() {
        while (i < s.length && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++
    }

    /** A value, possibly cut short; `null` when the input ended before anything usable. */
    private fun value(depth: Int): JsonElement? {
        if (eof) return null
        if (depth > MAX_DEPTH) throw NotJsonPrefix()
        return when (val c = s[i]) {
            '{' -> obj(depth)
            '[' -> array(depth)
            '"' -> string()?.let { JsonPrimitive(it.text) }
            't' -> literal("true", JsonPrimitive(true))
            'f' -> literal("false", JsonPrimitive(false))
            'n' -> literal("null", JsonNull)
            else -> if (c == '-' || c in '0'..'9') number() else throw NotJsonPrefix()
        }
    }

    private fun obj(depth: Int): JsonObject {
        i++
        val members = LinkedHashMap<String, JsonElement>()
        while (true) {
            skipWhitespace()
            if (eof) return JsonObject(members)
            if (s[i] == '}') { i++; return JsonObject(members) }
            if (members.isNotEmpty()) {
                if (s[i] != ',') throw NotJsonPrefix()
                i++
                skipWhitespace()
                if (eof) return JsonObject(members)
            }
            if (s[i] != '"') throw NotJsonPrefix()
            val key = string()
            if (key == null || !key.closed) return JsonObject(members)
            skipWhitespace()
            if (eof) return JsonObject(members)
            if (s[i] != ':') throw NotJsonPrefix()
            i++
            skipWhitespace()
            val v = value(depth + 1) ?: return JsonObject(members)
            members[key.text] = v
        }
    }

    private fun array(depth: Int): JsonArray {
        i++
        val items = ArrayList<JsonElement>()
        while (true) {
            skipWhitespace()
            if (eof) return JsonArray(items)
            if (s[i] == ']') { i++; return JsonArray(items) }
            if (items.isNotEmpty()) {
                if (s[i] != ',') throw NotJsonPrefix()
                i++
                skipWhitespace()
                if (eof) return JsonArray(items)
            }
            val v = value(depth + 1) ?: return JsonArray(items)
            items.add(v)
        }
    }

    private class Str(val text: String, val closed: Boolean)

    /** A string starting at the quote; cut short at the end of input (an unfinished escape dropped). */
    private fun string(): Str? {
        i++
        val b = StringBuilder()
        while (true) {
            if (eof) return Str(b.dropLoneHighSurrogate(), closed = false)
            val c = s[i]
            when {
                c == '"' -> { i++; return Str(b.toString(), closed = true) }
                c == '\\' -> {
                    if (i + 1 >= s.length) { i = s.length; continue }
                    val e = s[i + 1]
                    if (e == 'u') {
                        if (i + 6 > s.length) {
                            if (!s.substring(i + 2).all { it.isHexDigit() }) throw NotJsonPrefix()
                            i = s.length
                            continue
                        }
                        val hex = s.substring(i + 2, i + 6)
                        if (!hex.all { it.isHexDigit() }) throw NotJsonPrefix()
                        b.append(hex.toInt(16).toChar())
                        i += 6
                    } else {
                        b.append(
                            when (e) {
                                '"' -> '"'; '\\' -> '\\'; '/' -> '/'; 'b' -> '\b'; 'f' -> '\u000C'
                                'n' -> '\n'; 'r' -> '\r'; 't' -> '\t'
                                else -> throw NotJsonPrefix()
                            },
                        )
                        i += 2
                    }
                }
                c < ' ' -> throw NotJsonPrefix()
                else -> { b.append(c); i++ }
            }
        }
    }

    private fun StringBuilder.dropLoneHighSurrogate(): String {
        if (isNotEmpty() && this[length - 1].isHighSurrogate()) setLength(length - 1)
        return toString()
    }

    private fun Char.isHexDigit(): Boolean = this in '0'..'9' || this in 'a'..'f' || this in 'A'..'F'

    private fun literal(word: String, value: JsonElement): JsonElement? {
        val available = minOf(word.length, s.length - i)
        if (s.regionMatches(i, word, 0, available)) {
            i += available
            return if (available == word.length) value else null
        }
        throw NotJsonPrefix()
    }

    private fun number(): JsonElement? {
        val start = i
        while (i < s.length && (s[i] in '0'..'9' || s[i] == '-' || s[i] == '+' || s[i] == '.' || s[i] == 'e' || s[i] == 'E')) i++
        val token = s.substring(start, i)
        if (NUMBER.matches(token)) return Json.parseToJsonElement(token)
        if (!eof) throw NotJsonPrefix()
        // Cut off mid-number: keep the longest prefix that is a whole number ("1." -> 1, "-" -> nothing).
        for (end in token.length - 1 downTo 1) {
            val prefix = token.substring(0, end)
            if (NUMBER.matches(prefix)) {
                if (!NUMBER_PREFIX.matches(token)) throw NotJsonPrefix()
                return Json.parseToJsonElement(prefix)
            }
        }
        if (token == "-") return null
        throw NotJsonPrefix()
    }
}

private val NUMBER = Regex("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")
private val NUMBER_PREFIX = Regex("-?(0|[1-9][0-9]*)(\\.[0-9]*)?([eE][+-]?[0-9]*)?")
