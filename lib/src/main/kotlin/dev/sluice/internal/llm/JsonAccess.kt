package dev.sluice.internal.llm

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.longOrNull

/** Lenient readers over wire JSON: a missing field, `null` or a value of another type reads as `null`. */

internal fun JsonObject.string(key: String): String? = (this[key] as? JsonPrimitive)?.takeIf { it.isString }?.content

/** A string that is neither missing nor empty. */
internal fun JsonObject.nonEmpty(key: String): String? = string(key)?.takeIf { it.isNotEmpty() }

internal fun JsonObject.obj(key: String): JsonObject? = this[key] as? JsonObject

internal fun JsonObject.array(key: String): JsonArray? = this[key] as? JsonArray

internal fun JsonObject.long(key: String): Long? = (this[key] as? JsonPrimitive)?.takeIf { !it.isString }?.wireLongOrNull

/**
 * [longOrNull] without the lexer kotlinx builds for it, for the plain integers wire data carries
 * (`0`, `-12`, up to 18 digits, no leading zero): the same value. Anything else (an exponent, a
 * fraction, more digits) is left to [longOrNull].
 */
internal val JsonPrimitive.wireLongOrNull: Long?
    get() {
        val c = content
        val negative = c.startsWith('-')
        var i = if (negative) 1 else 0
        val digits = c.length - i
        if (digits !in 1..18 || (digits > 1 && c[i] == '0')) return longOrNull
        var value = 0L
        while (i < c.length) {
            val d = c[i++] - '0'
            if (d !in 0..9) return longOrNull
            value = value * 10 + d
        }
        return if (negative) -value else value
    }

internal fun JsonObject.int(key: String): Int? = long(key)?.takeIf { it in Int.MIN_VALUE..Int.MAX_VALUE }?.toInt()

/** The value if present and not JSON `null`. */
internal fun JsonObject.present(key: String): JsonElement? = this[key]?.takeIf { it !is JsonNull }

/** A JSON string, or `null` as JSON `null`. */
internal fun jsonString(value: String?): JsonElement = if (value == null) JsonNull else JsonPrimitive(value)

internal fun JsonElement?.orJsonNull(): JsonElement = this ?: JsonNull

/** Parses text as JSON; `null` when it is not valid JSON. */
internal fun parseJsonOrNull(text: String): JsonElement? =
    try {
        Json.parseToJsonElement(text)
    } catch (e: IllegalArgumentException) { // SerializationException extends it
        null
    }

/** Wire JSON as parsed for a codec: [json] is `null` when the data is not JSON; [tooDeep] says why when it nests too deeply. */
internal class WireJson(val json: JsonElement?, val tooDeep: String?)

/** JSON nested deeper than this is refused before parsing (the parser recurses). */
internal const val MAX_JSON_DEPTH: Int = 256

/**
 * Why [element] cannot be decoded, as [parseWireJson] says it of text: `null` unless it nests
 * deeper than [MAX_JSON_DEPTH] levels. Counted without recursion (the element may come from
 * anywhere), and without rendering it.
 */
internal fun tooDeep(element: JsonElement): String? {
    val pending = ArrayList<JsonElement>()
    val depths = ArrayList<Int>()
    pending.add(element)
    depths.add(0)
    while (pending.isNotEmpty()) {
        val e = pending.removeAt(pending.size - 1)
        val depth = depths.removeAt(depths.size - 1)
        val children = when (e) {
            is JsonObject -> e.values
            is JsonArray -> e
            else -> continue
        }
        if (depth + 1 > MAX_JSON_DEPTH) return "data is nested deeper than $MAX_JSON_DEPTH levels"
        for (child in children) {
            pending.add(child)
            depths.add(depth + 1)
        }
    }
    return null
}

/**
 * Parses event data strictly: not JSON (including unquoted words, which the tree reader would
 * accept) reads as `null`; nesting deeper than [MAX_JSON_DEPTH] is refused. A decoder keeps one
 * [WireJsonParser] for its stream; this is for one-off texts.
 */
internal fun parseWireJson(text: String): WireJson = WireJsonParser(poolSize = 0).parse(text)

/**
 * Whether [text] opens more than [MAX_JSON_DEPTH] objects or arrays at once, counting brackets
 * outside strings: how nesting was always judged, whether or not the text is valid JSON.
 */
internal fun nestsTooDeep(text: String): Boolean {
    var depth = 0
    var inString = false
    var i = 0
    val n = text.length
    while (i < n) {
        val c = text[i]
        if (inString) {
            if (c == '\\') i++ else if (c == '"') inString = false
        } else when (c) {
            '"' -> inString = true
            '{', '[' -> if (++depth > MAX_JSON_DEPTH) return true
            '}', ']' -> depth--
        }
        i++
    }
    return false
}

/** Whether [data] is `[DONE]`, white space around it aside (as `data.trim() == "[DONE]"`, without the copy). */
internal fun isDoneMarker(data: String): Boolean {
    var start = 0
    var end = data.length
    while (start < end && data[start].isWhitespace()) start++
    while (end > start && data[end - 1].isWhitespace()) end--
    return end - start == 6 && data.startsWith("[DONE]", start)
}
