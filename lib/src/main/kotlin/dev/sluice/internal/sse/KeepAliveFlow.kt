package dev.sluice.internal.sse

import dev.sluice.sse.SseEvent
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.channels.ChannelResult
import kotlinx.coroutines.channels.produce
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select

/**
 * [source] with [keepAlive] emitted each time [intervalMillis] pass without an element. The timer
 * restarts when an emission returns (the frame was written), and runs on the collector's clock, so
 * virtual time drives it in tests. The source runs in a child coroutine, one element ahead;
 * `select` takes either the next element or the timeout, never both, so no element is lost to a
 * timeout. Errors of the source are rethrown after the elements before them; cancelling the
 * collection cancels the source.
 */
@OptIn(ExperimentalCoroutinesApi::class)
internal fun keepAliveFlow(source: Flow<SseEvent>, intervalMillis: Long, keepAlive: SseEvent): Flow<SseEvent> = flow {
    require(intervalMillis > 0) { "the keep-alive interval must be positive, was $intervalMillis ms" }
    coroutineScope {
        val events = produce { source.collect { send(it) } }
        while (true) {
            val next: ChannelResult<SseEvent>? = select {
                events.onReceiveCatching { it }
                onTimeout(intervalMillis) { null }
            }
            when {
                next == null -> emit(keepAlive)
                next.isClosed -> {
                    next.exceptionOrNull()?.let { throw it }
                    break
                }
                else -> emit(next.getOrThrow())
            }
        }
    }
}
