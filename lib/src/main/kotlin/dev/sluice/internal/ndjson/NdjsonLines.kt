package dev.sluice.internal.ndjson

import dev.sluice.internal.text.LineSink
import dev.sluice.internal.text.Utf8
import dev.sluice.ndjson.NdjsonParseException
import dev.sluice.ndjson.NdjsonSink
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement

/** Lines to values: blank lines skipped, every other line parsed as one JSON value. */
internal class NdjsonLines<T>(
    private val json: Json,
    private val deserializer: DeserializationStrategy<T>,
    private val sink: NdjsonSink<T>,
) : LineSink {
    private var lineNumber = 0L

    override fun onLine(buf: ByteArray, off: Int, len: Int, startOffset: Long) {
        lineNumber++
        if (isBlank(buf, off, len)) return
        val text = Utf8.decode(buf, off, len)
        val value = try {
            // The tree reader recurses per level of arrays: a hostile line of `[[[[...` would end
            // in StackOverflowError. Refused first, as kotlinx-serialization 1.12 does by itself.
            require(nestingDepth(text) <= MAX_NDJSON_DEPTH) { "JSON is nested deeper than $MAX_NDJSON_DEPTH levels" }
            json.decodeFromString(deserializer, text).also { if (it is JsonElement) StrictJson.check(it) }
        } catch (e: IllegalArgumentException) {
            // SerializationException is an IllegalArgumentException.
            throw NdjsonParseException(lineNumber, startOffset, snippet(text), e)
        }
        sink.onValue(value)
    }

    /** The deepest nesting of `[` and `{` in [text] outside strings, counted without recursion. */
    private fun nestingDepth(text: String): Int {
        var depth = 0
        var max = 0
        var inString = false
        var i = 0
        while (i < text.length) {
            val c = text[i]
            if (inString) {
                if (c == '\\') i++ else if (c == '"') inString = false
            } else when (c) {
                '"' -> inString = true
                '[', '{' -> if (++depth > max) max = depth
                ']', '}' -> depth--
            }
            i++
        }
        return max
    }

    private fun isBlank(buf: ByteArray, off: Int, len: Int): Boolean {
        for (k in off until off + len) {
            val c = buf[k]
            if (c != SPACE && c != TAB) return false
        }
        return true
    }

    private fun snippet(text: String): String {
        val t = text.trim()
        if (t.length <= SNIPPET_CHARS) return t
        var cut = SNIPPET_CHARS
        if (Character.isHighSurrogate(t[cut - 1])) cut--
        return t.substring(0, cut) + "…"
    }

    private companion object {
        const val SPACE: Byte = 0x20
        const val TAB: Byte = 0x09
        const val SNIPPET_CHARS = 64
    }
}

/** NDJSON values nested deeper than this are a parse error (kotlinx-serialization 1.12's own default). */
private const val MAX_NDJSON_DEPTH: Int = 400
