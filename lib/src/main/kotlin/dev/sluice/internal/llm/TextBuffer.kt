package dev.sluice.internal.llm

/**
 * A text field built from deltas in linear time, remembering whether the stream ever sent the field
 * (so `""` and "never sent" stay apart).
 */
internal class TextBuffer {
    private var builder: StringBuilder? = null

    val isSent: Boolean get() = builder != null

    val length: Int get() = builder?.length ?: 0

    /** The characters from [start] to [end] (clamped to what is there). */
    fun slice(start: Int, end: Int = length): String {
        val b = builder ?: return ""
        val e = end.coerceIn(0, b.length)
        return b.substring(start.coerceIn(0, e), e)
    }

    fun append(text: String) {
        (builder ?: StringBuilder().also { builder = it }).append(text)
    }

    /** Replaces the content with the provider's authoritative final value. */
    fun set(text: String) {
        val b = builder ?: StringBuilder().also { builder = it }
        b.setLength(0)
        b.append(text)
    }

    fun valueOrNull(): String? = builder?.toString()

    fun value(): String = builder?.toString() ?: ""
}
