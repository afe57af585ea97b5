package dev.sluice.internal.sse

import dev.sluice.DecodeLimits
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import dev.sluice.sse.SseEventSink
import dev.sluice.sse.SseStreamState
import kotlinx.coroutines.flow.FlowCollector

/**
 * A push decoder whose events are collected per read, each with the reconnection time in force
 * when it was dispatched, so a suspending caller can emit them one by one and keep an
 * [SseStreamState] in step with what it has delivered.
 */
internal class SseBatch(
    limits: DecodeLimits,
    private val state: SseStreamState?,
    private val dispatchUnterminated: Boolean = false,
) : SseEventSink {
    private val decoder = SseDecoder(this, limits, state?.lastEventId)
    private val events = ArrayList<ServerSentEvent>()
    private var retries = LongArray(16)

    override fun onEvent(event: ServerSentEvent) {
        if (events.size == retries.size) retries = retries.copyOf(retries.size * 2)
        retries[events.size] = decoder.retryMillisOrNegative
        events.add(event)
    }

    private var failure: Throwable? = null

    /** Feeds one read; a failure is kept until the events dispatched before it are [drain]ed. */
    fun feed(bytes: ByteArray, offset: Int, length: Int) {
        try {
            decoder.feed(bytes, offset, length)
        } catch (e: Throwable) {
            failure = e
        }
    }

    fun end() {
        try {
            decoder.end(dispatchUnterminated)
        } catch (e: Throwable) {
            failure = e
        }
    }

    /** Emits the batch in order, then rethrows a failure met while decoding it. */
    suspend fun drain(collector: FlowCollector<ServerSentEvent>) {
        for (i in 0 until events.size) collector.emit(take(i))
        clear()
        failure?.let { throw it }
    }

    /** The event at [index], after bringing the state to the moment it was dispatched. */
    private fun take(index: Int): ServerSentEvent {
        val event = events[index]
        if (state != null) {
            state.lastEventId = event.id
            val retry = retries[index]
            if (retry >= 0) state.retryMillis = retry
        }
        return event
    }

    /** All events of the batch were delivered: forget them and bring the state up to date. */
    private fun clear() {
        events.clear()
        if (state != null) {
            state.lastEventId = decoder.lastEventId
            decoder.retryMillis?.let { state.retryMillis = it }
        }
    }
}
