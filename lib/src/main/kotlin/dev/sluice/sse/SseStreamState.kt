package dev.sluice.sse

/**
 * What a reconnecting client must remember of an SSE stream: the last event ID and the
 * reconnection time. Pass one to [decodeSse] and read it during or after collection; pass the
 * same instance to the next connection's decoder to resume from it.
 *
 * The values follow what was delivered: while an event is being handled, [lastEventId] is that
 * event's ID, never one of an event not yet delivered. Safe to read from any thread.
 */
public class SseStreamState @JvmOverloads constructor(
    lastEventId: String? = null,
    retryMillis: Long? = null,
) {
    /** The last event ID; `null` until the stream (or the constructor) set one. */
    @Volatile
    public var lastEventId: String? = lastEventId
        @JvmSynthetic internal set

    /** The reconnection time the stream asked for, in ms; `null` until a valid `retry` field. */
    @Volatile
    public var retryMillis: Long? = retryMillis
        @JvmSynthetic internal set

    override fun toString(): String = "SseStreamState(lastEventId=$lastEventId, retryMillis=$retryMillis)"
}
