package dev.sluice.sse

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import dev.sluice.internal.sse.SseDispatchTarget
import dev.sluice.internal.sse.SseFramer

/**
 * Zero-copy push decoder: the same framing, limits and state as [SseDecoder], but each event's
 * data reaches [sink] as a byte view ([SseEventView]) instead of a String, so a consumer that
 * parses bytes (a JSON reader, a relay writing them out) pays for no decoding and no copy.
 * Feed any split of the stream, then call [end]. Events reach [sink] synchronously from [feed] /
 * [end], through one reused [SseEventView] valid only during each call. Not thread-safe.
 *
 * A [LimitExceededException], or an exception thrown by [sink], leaves the decoder failed: later
 * calls to [feed] or [end] throw [IllegalStateException].
 *
 * @param initialLastEventId the last event ID to start from, as after a reconnection that sent
 *   it as `Last-Event-ID`: events carry it until the stream sets another.
 */
public class SseViewDecoder @JvmOverloads constructor(
    sink: SseEventViewSink,
    public val limits: DecodeLimits = DecodeLimits(),
    initialLastEventId: String? = null,
) {
    private val framer = SseFramer(ViewDispatch(sink), limits, initialLastEventId)

    /** The last event ID (what a reconnect sends as `Last-Event-ID`); `null` until one is set. */
    public val lastEventId: String? get() = framer.lastEventId

    /** The reconnection time the stream asked for, in ms; `null` if no valid `retry` field. */
    public val retryMillis: Long? get() = framer.retryMillis

    /** Bytes fed so far. */
    public val bytesFed: Long get() = framer.bytesFed

    public fun feed(bytes: ByteArray): Unit = feed(bytes, 0, bytes.size)

    public fun feed(bytes: ByteArray, offset: Int, length: Int): Unit = framer.feed(bytes, offset, length)

    /** End of stream, as [SseDecoder.end]. */
    @JvmOverloads
    public fun end(dispatchUnterminated: Boolean = false): Unit = framer.end(dispatchUnterminated)

    private class ViewDispatch(private val sink: SseEventViewSink) : SseDispatchTarget {
        private val view = SseEventView()

        override fun dispatch(data: ByteArray, from: Int, length: Int, type: String, id: String?, offset: Long) {
            view.open(data, from, length, type, id)
            try {
                sink.onEvent(view)
            } finally {
                view.close()
            }
        }
    }
}
