package dev.sluice.internal.llm

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Reads wire JSON (an event's data) into the kotlinx tree in one pass, strictly by RFC 8259. What
 * it accepts, `Json.parseToJsonElement` followed by [dev.sluice.internal.ndjson.StrictJson.check]
 * accepts too, as an equal tree (same members in the same order, a repeated key keeping its first
 * place and its last value, numbers with their exact text); it refuses nesting deeper than
 * [MAX_JSON_DEPTH] with the reason [parseWireJson] has always given. It is stricter than that pair
 * only where kotlinx bends the grammar: an array that goes on after its `]` (`[0]1]` read as
 * `[0,1]`) is not JSON. Raw control characters inside strings are accepted as kotlinx accepts them
 * (a server that forgets to escape a tab, or a string split over two `data:` lines, loses nothing).
 *
 * Cheaper than the kotlinx reader followed by a nesting prescan and a checking pass: one pass,
 * small objects are array-backed ([WireObjectMap]), and short strings, keys and numbers that repeat
 * from one event to the next (field names, ids, model names) come from a [WirePool] instead of
 * being allocated again. Recursion is bounded by [MAX_JSON_DEPTH]. Not thread-safe: one per decoder.
 */
internal class WireJsonParser(poolSize: Int = 256) {
    private val pool = if (poolSize > 0) WirePool(poolSize) else null
    private var text = ""
    private var pos = 0
    private var depth = 0
    private var tooDeep = false

    // Members of the objects and arrays being read, innermost last.
    private var keys = arrayOfNulls<String>(32)
    private var hashes = IntArray(32)
    private var values = arrayOfNulls<JsonElement>(32)
    private var top = 0
    private var highWater = 0
    private val escaped = StringBuilder()

    /** Parses [text]: the tree, `null` when it is not strict JSON, or why it nests too deeply. */
    fun parse(text: String): WireJson {
        this.text = text
        pos = 0
        depth = 0
        top = 0
        tooDeep = false
        val json = try {
            readValue().also {
                skipWhitespace()
                if (pos != text.length) fail()
            }
        } catch (e: Malformed) {
            null
        } finally {
            keys.fill(null, 0, highWater)
            values.fill(null, 0, highWater)
            highWater = 0
            this.text = ""
        }
        // Data that fails anywhere may still nest too deeply further on: that reason wins, as it
        // always has (the nesting was checked first, over the whole text).
        if (tooDeep || (json == null && nestsTooDeep(text))) return WireJson(null, TOO_DEEP)
        return WireJson(json, null)
    }

    private fun readValue(): JsonElement {
        skipWhitespace()
        return when (peek()) {
            '{' -> readObject()
            '[' -> readArray()
            '"' -> readString()
            else -> readLiteral()
        }
    }

    private fun readObject(): JsonElement {
        enter()
        skipWhitespace()
        if (peek() == '}') return EMPTY_OBJECT.also { leave() }
        val base = top
        while (true) {
            skipWhitespace()
            if (peek() != '"') fail()
            val key = readKey()
            val hash = lastHash
            skipWhitespace()
            if (peek() != ':') fail()
            pos++
            push(key, hash, readValue())
            skipWhitespace()
            when (peek()) {
                ',' -> pos++
                '}' -> break
                else -> fail()
            }
        }
        leave()
        val map = objectMap(base)
        top = base
        return JsonObject(map)
    }

    private fun readArray(): JsonElement {
        enter()
        skipWhitespace()
        if (peek() == ']') return EMPTY_ARRAY.also { leave() }
        val base = top
        while (true) {
            push(null, 0, readValue())
            skipWhitespace()
            when (peek()) {
                ',' -> pos++
                ']' -> break
                else -> fail()
            }
        }
        leave()
        val items = arrayOfNulls<JsonElement>(top - base)
        System.arraycopy(values, base, items, 0, items.size)
        top = base
        @Suppress("UNCHECKED_CAST")
        return JsonArray((items as Array<JsonElement>).asList())
    }

    private fun enter() {
        if (++depth > MAX_JSON_DEPTH) {
            tooDeep = true
            fail()
        }
        pos++
    }

    private fun leave() {
        depth--
        pos++
    }

    /** The members from [base] up, a repeated key keeping its first place and its last value. */
    private fun objectMap(base: Int): Map<String, JsonElement> {
        val n = top - base
        if (n > WireObjectMap.MAX_SIZE) {
            val map = LinkedHashMap<String, JsonElement>(n * 2)
            for (i in base until top) map[keys[i]!!] = values[i]!!
            return map
        }
        val members = arrayOfNulls<Any>(2 * n)
        var size = 0
        var seen = 0L // a bit per hash: only a name whose bit is set can repeat one
        outer@ for (i in base until top) {
            val key = keys[i]!!
            val bit = 1L shl (hashes[i] and 63)
            if ((seen and bit) == 0L) {
                seen = seen or bit
            } else for (j in 0 until size) {
                if (hashes[base + j] == hashes[i] && members[2 * j] == key) {
                    members[2 * j + 1] = values[i]
                    continue@outer
                }
            }
            hashes[base + size] = hashes[i]
            members[2 * size] = key
            members[2 * size + 1] = values[i]
            size++
        }
        return WireObjectMap(members, size)
    }

    private fun push(key: String?, hash: Int, value: JsonElement) {
        if (top == values.size) {
            keys = keys.copyOf(top * 2)
            hashes = hashes.copyOf(top * 2)
            values = values.copyOf(top * 2)
        }
        keys[top] = key
        hashes[top] = hash
        values[top] = value
        top++
        if (top > highWater) highWater = top
    }

    /** The [String.hashCode] of the last string [scanString] passed over. */
    private var lastHash = 0

    /** Where the string [scanString] passed over has its first escape. */
    private var escapeAt = 0

    private fun readKey(): String {
        val start = ++pos
        val end = scanString(start)
        if (end < 0) return readEscaped(start, escapeAt).also { lastHash = it.hashCode() }
        pos = end + 1
        return pool?.key(text, start, end, lastHash) ?: text.substring(start, end)
    }

    private fun readString(): JsonPrimitive {
        val start = ++pos
        val end = scanString(start)
        if (end < 0) return JsonPrimitive(readEscaped(start, escapeAt))
        pos = end + 1
        return pool?.value(text, start, end, lastHash, isString = true) ?: JsonPrimitive(text.substring(start, end))
    }

    /**
     * Passes over the string whose characters start at [start]: the index of its closing quote
     * (its hash in [lastHash]), or -1 when it has an escape (the first one at [escapeAt]).
     */
    private fun scanString(start: Int): Int {
        val t = text
        var h = 0
        var i = start
        while (true) {
            if (i >= t.length) fail()
            val c = t[i]
            if (c == '"') break
            if (c == '\\') {
                escapeAt = i
                return -1
            }
            h = 31 * h + c.code
            i++
        }
        lastHash = h
        return i
    }

    /** The rest of a string whose first escape is at [at]; leaves [pos] after its closing quote. */
    private fun readEscaped(start: Int, at: Int): String {
        val end = decodeEscapedString(text, start, at, escaped)
        if (end < 0) fail()
        pos = end
        return escaped.toString()
    }

    /** `true`, `false`, `null` or a JSON number, ending where a kotlinx literal ends. */
    private fun readLiteral(): JsonElement {
        val t = text
        val start = pos
        val value: JsonElement = when {
            t.startsWith("true", start) -> TRUE.also { pos += 4 }
            t.startsWith("false", start) -> FALSE.also { pos += 5 }
            t.startsWith("null", start) -> JsonNull.also { pos += 4 }
            else -> readNumber()
        }
        // kotlinx reads a literal up to the next delimiter: anything else joined to it spoils it.
        if (pos < t.length && !endsLiteral(t[pos])) fail()
        return value
    }

    private fun readNumber(): JsonElement {
        val t = text
        val start = pos
        val end = numberEnd(t, start)
        if (end < 0) fail()
        var h = 0
        for (j in start until end) h = 31 * h + t[j].code
        pos = end
        return pool?.value(t, start, end, h, isString = false) ?: wireNumber(t.substring(start, end))
    }

    private fun skipWhitespace() {
        pos = whitespaceEnd(text, pos)
    }

    /** The character at [pos], or NUL past the end (NUL never starts a valid token either). */
    private fun peek(): Char = if (pos < text.length) text[pos] else '\u0000'

    private fun fail(): Nothing = throw Malformed

    /** Thrown to unwind a parse that failed; never escapes [parse], so it carries no stack. */
    private object Malformed : RuntimeException("malformed JSON", null, false, false)

    private companion object {
        val EMPTY_OBJECT = JsonObject(emptyMap())
        val EMPTY_ARRAY = JsonArray(emptyList())
        val TRUE = JsonPrimitive(true)
        val FALSE = JsonPrimitive(false)
        const val TOO_DEEP = "data is nested deeper than $MAX_JSON_DEPTH levels"

    }
}
