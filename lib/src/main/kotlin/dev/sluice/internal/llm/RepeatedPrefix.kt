package dev.sluice.internal.llm

/**
 * The text a [WireScanner] read of the last event before the point where it could resume: events
 * of one stream repeat their leading members byte for byte (ids, the model, the event type, a
 * block index), so an event that starts with the very same text would bring the scanner to the
 * same state there; the scanner saves that state and skips to [end]. Not thread-safe.
 */
internal class RepeatedPrefix {
    /** The text before the resume point (empty: none yet). */
    private var text = ""

    /** Where a matching event resumes. */
    val end: Int get() = text.length

    fun remember(data: String, end: Int) {
        text = data.substring(0, end)
    }

    /**
     * Whether [data] starts with the prefix and goes on past it. Asked as `indexOf(prefix) == 0`,
     * which the JIT compiles to a vectorised search that stops at the match at 0; `startsWith` and
     * region matches go char by char and cost more than reading the members again.
     */
    fun matches(data: String): Boolean = end > 0 && data.length > end && data.indexOf(text) == 0
}
