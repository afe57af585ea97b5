package dev.sluice.sse

import dev.sluice.DecodeLimits

/**
 * Push decoder for callers that own the bytes (OkHttp, a servlet, a file): feed any split of the
 * stream, then call [end]. Events reach [sink] synchronously from [feed] / [end]. Not thread-safe.
 */
public class SseDecoder @JvmOverloads constructor(
    private val sink: SseEventSink,
    public val limits: DecodeLimits = DecodeLimits(),
) {
    /** The last event ID (what a reconnect sends as `Last-Event-ID`); `null` until one is set. */
    public val lastEventId: String? get() = TODO()

    /** The reconnection time the stream asked for, in ms; `null` if no valid `retry` field. */
    public val retryMillis: Long? get() = TODO()

    public fun feed(bytes: ByteArray): Unit = feed(bytes, 0, bytes.size)

    public fun feed(bytes: ByteArray, offset: Int, length: Int): Unit = TODO()

    /** End of stream: a pending CR ends its line; an unterminated final event is discarded. */
    public fun end(): Unit = TODO()
}
