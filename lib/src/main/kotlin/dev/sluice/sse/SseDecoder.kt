package dev.sluice.sse

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import dev.sluice.internal.sse.SseFramer
import dev.sluice.internal.sse.StringDispatch

/**
 * Push decoder for callers that own the bytes (OkHttp, a servlet, a file): feed any split of the
 * stream, then call [end]. Events reach [sink] synchronously from [feed] / [end]. Not thread-safe.
 *
 * A [LimitExceededException], or an exception thrown by [sink], leaves the decoder failed: later
 * calls to [feed] or [end] throw [IllegalStateException].
 *
 * @param initialLastEventId the last event ID to start from, as after a reconnection that sent
 *   it as `Last-Event-ID`: events carry it until the stream sets another.
 */
public class SseDecoder @JvmOverloads constructor(
    sink: SseEventSink,
    public val limits: DecodeLimits = DecodeLimits(),
    initialLastEventId: String? = null,
) {
    private val framer = SseFramer(StringDispatch(sink), limits, initialLastEventId)

    /** The last event ID (what a reconnect sends as `Last-Event-ID`); `null` until one is set. */
    public val lastEventId: String? get() = framer.lastEventId

    /** The reconnection time the stream asked for, in ms; `null` if no valid `retry` field. */
    public val retryMillis: Long? get() = framer.retryMillis

    /** [retryMillis], or -1 for none, without boxing: read once per event by the Flow's batch. */
    @get:JvmSynthetic
    internal val retryMillisOrNegative: Long get() = framer.retryOrNegative

    /** Bytes fed so far. */
    public val bytesFed: Long get() = framer.bytesFed

    public fun feed(bytes: ByteArray): Unit = feed(bytes, 0, bytes.size)

    public fun feed(bytes: ByteArray, offset: Int, length: Int): Unit = framer.feed(bytes, offset, length)

    /**
     * End of stream: a pending CR ends its line; an unterminated final event is discarded, as the
     * specification says, unless [dispatchUnterminated] is true: then a final line without line
     * break counts, and a final event without its blank line is dispatched (LLM streams whose
     * last event, often the terminal one, lost its trailing line breaks).
     */
    @JvmOverloads
    public fun end(dispatchUnterminated: Boolean = false): Unit = framer.end(dispatchUnterminated)
}
