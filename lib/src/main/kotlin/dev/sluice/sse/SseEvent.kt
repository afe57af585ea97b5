package dev.sluice.sse

import dev.sluice.internal.sse.checkSseField
import dev.sluice.internal.sse.checkSseRetry

/**
 * One frame an SSE writer sends ([SseWriter], `ByteWriteChannel.writeSse`, `encodeSse`): an event
 * ([data], [type], [id]), a reconnection time ([retryMillis]), comment lines ([comment]), or any
 * mix of them. What a client decodes is a [ServerSentEvent]; this is what a server writes.
 *
 * Nothing in a frame can inject another event: [data] and [comment] are split on every line break
 * (CR, LF, CRLF) into one `data:` (or `:`) line each, and [type] and [id] are rejected at
 * construction when they hold CR, LF or NUL. The data a client decodes therefore equals [data]
 * with every CR and CRLF turned into LF (the SSE format has only one kind of line break in data).
 * An empty [data] still writes one `data:` line, so the event is dispatched; a frame without
 * [data] dispatches nothing (a comment, a `retry`, or an `id` alone).
 *
 * Kotlin: `SseEvent("hello", type = "delta", id = "7")`; Java: `new SseEvent("hello", "delta", "7")`,
 * `SseEvent.comment("keep-alive")`, or `SseEvent.builder()...build()` for `retry` and comments.
 *
 * @property data the event's data, `null` for a frame without data lines.
 * @property type the event type (`event:` field), `null` for the default type `message`.
 * @property id the event ID (`id:` field); `null` writes none, `""` resets the client's last event ID.
 * @property retryMillis the reconnection time to announce (`retry:` field), `null` for none.
 * @property comment comment text written first, one `:` line per line of it; `null` for none.
 */
public class SseEvent private constructor(
    public val data: String?,
    public val type: String?,
    public val id: String?,
    public val retryMillis: Long?,
    public val comment: String?,
) {
    /**
     * An event with [data], and optionally a [type] and an [id].
     *
     * @throws IllegalArgumentException when [type] or [id] holds CR, LF or NUL (the message names
     *   the field and the position)
     */
    @JvmOverloads
    public constructor(data: String, type: String? = null, id: String? = null) : this(data, type, id, null, null)

    init {
        checkSseField("event type", type)
        checkSseField("id", id)
        checkSseRetry(retryMillis)
    }

    /** Whether this frame dispatches an event on the client (it has [data]). */
    public val isEvent: Boolean get() = data != null

    override fun equals(other: Any?): Boolean =
        other is SseEvent && other.data == data && other.type == type && other.id == id &&
            other.retryMillis == retryMillis && other.comment == comment

    override fun hashCode(): Int = listOf(data, type, id, retryMillis, comment).hashCode()

    override fun toString(): String = buildString {
        append("SseEvent(")
        val parts = listOfNotNull(
            type?.let { "type=$it" }, id?.let { "id=$it" }, retryMillis?.let { "retry=${it}ms" },
            comment?.let { "comment=$it" }, data?.let { "data=$it" },
        )
        append(parts.joinToString(", "))
        append(")")
    }

    /** Builds any frame: data, type, id, retry and comment, each optional. */
    public class Builder internal constructor() {
        private var data: String? = null
        private var type: String? = null
        private var id: String? = null
        private var retryMillis: Long? = null
        private var comment: String? = null

        public fun data(data: String?): Builder = apply { this.data = data }

        public fun type(type: String?): Builder = apply { this.type = type }

        public fun id(id: String?): Builder = apply { this.id = id }

        /** The reconnection time to announce, in whole milliseconds; `null` for none. */
        public fun retry(retry: java.time.Duration?): Builder = apply {
            retryMillis = retry?.let {
                require(!it.isNegative) { "retry must not be negative, was $it" }
                it.toMillis()
            }
        }

        /** Kotlin: the reconnection time as a [kotlin.time.Duration]. */
        @JvmSynthetic
        public fun retry(retry: kotlin.time.Duration): Builder = apply {
            require(!retry.isNegative()) { "retry must not be negative, was $retry" }
            retryMillis = retry.inWholeMilliseconds
        }

        public fun comment(comment: String?): Builder = apply { this.comment = comment }

        /** @throws IllegalArgumentException when the type or id holds CR, LF or NUL */
        public fun build(): SseEvent = SseEvent(data, type, id, retryMillis, comment)
    }

    public companion object {
        /** A builder for frames with `retry` or comments. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** A comment frame (`: text`), as keep-alives are; a multi-line text gives several comment lines. */
        @JvmStatic
        public fun comment(text: String): SseEvent = SseEvent(null, null, null, null, text)

        /**
         * The frame that re-sends a decoded event (a relay): its type (none for `message`), data and
         * id. The decoded id is the last event ID at dispatch, so it is written on every event that
         * had one, which leaves the client's last event ID the same.
         *
         * @throws IllegalArgumentException when the decoded id holds NUL (a decoder never gives
         *   CR or LF, and ignores ids with NUL, so only hand-made events can)
         */
        @JvmStatic
        public fun from(event: ServerSentEvent): SseEvent =
            SseEvent(event.data, event.type.takeIf { it != "message" }, event.id, null, null)
    }
}
