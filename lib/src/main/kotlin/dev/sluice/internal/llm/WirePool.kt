package dev.sluice.internal.llm

import kotlinx.serialization.json.JsonPrimitive

/**
 * The short keys, strings and numbers [WireJsonParser] read last, found again without allocating:
 * a stream repeats its field names, ids, model names and small numbers in every chunk. A slot per
 * hash, the newest text winning a collision. Not thread-safe.
 */
internal class WirePool(size: Int) {
    private val mask = Integer.highestOneBit(maxOf(size, 2) - 1) * 2 - 1
    private val keys = arrayOfNulls<String>(mask + 1)
    private val values = arrayOfNulls<JsonPrimitive>(mask + 1)

    /** The key `text[start, end)` whose [String.hashCode] is [hash]. */
    fun key(text: String, start: Int, end: Int, hash: Int): String {
        val length = end - start
        if (length > MAX_LENGTH) return text.substring(start, end)
        val slot = slot(hash)
        val known = keys[slot]
        if (known != null && known.length == length && sameChars(text, start, known)) return known
        return text.substring(start, end).also { keys[slot] = it }
    }

    /** The string (or, unless [isString], number) `text[start, end)` whose [String.hashCode] is [hash]. */
    fun value(text: String, start: Int, end: Int, hash: Int, isString: Boolean): JsonPrimitive {
        val length = end - start
        if (length > MAX_LENGTH) return primitive(text.substring(start, end), isString)
        val slot = slot(hash xor (if (isString) 0 else NUMBER_SALT))
        val known = values[slot]
        if (known != null && known.isString == isString) {
            val content = known.content
            if (content.length == length && sameChars(text, start, content)) return known
        }
        return primitive(text.substring(start, end), isString).also { values[slot] = it }
    }

    /** Whether [text] holds [known] at [start] (the lengths are known to fit). */
    private fun sameChars(text: String, start: Int, known: String): Boolean {
        for (k in known.indices) if (text[start + k] != known[k]) return false
        return true
    }

    private fun slot(hash: Int): Int = (hash xor (hash ushr 16)) and mask

    private fun primitive(content: String, isString: Boolean): JsonPrimitive =
        if (isString) JsonPrimitive(content) else wireNumber(content)

    private companion object {
        /** Longer texts are rarely repeated; comparing them would cost more than it saves. */
        const val MAX_LENGTH = 64
        const val NUMBER_SALT = 0x5bd1e995
    }
}

/** A JSON number with its exact wire text, as kotlinx reads it (`1e2` stays `1e2`, `-0` stays `-0`). */
internal fun wireNumber(text: String): JsonPrimitive = JsonPrimitive(WireNumber(text))

/**
 * Carries a number's wire text into [JsonPrimitive]: the primitive keeps only `toString()`, so it is
 * the very literal kotlinx's reader makes (not quoted, no forced encoding), which prints and encodes
 * the text as kotlinx would.
 */
private class WireNumber(private val text: String) : Number() {
    override fun toString(): String = text
    override fun toDouble(): Double = text.toDouble()
    override fun toFloat(): Float = toDouble().toFloat()
    override fun toLong(): Long = text.toLongOrNull() ?: toDouble().toLong()
    override fun toInt(): Int = toLong().toInt()
    override fun toShort(): Short = toLong().toShort()
    override fun toByte(): Byte = toLong().toByte()
}
