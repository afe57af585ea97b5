package dev.sluice.internal.sse

import dev.sluice.DecodeLimits
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseStreamState
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector

/**
 * `Flow<ByteArray>.decodeSse`: each read is decoded at once into a batch, then the batch is
 * emitted straight to the collector. A plain [Flow] rather than the `flow {}` builder, whose
 * context check wraps every emission: this one only ever emits from inside the source's own
 * `collect`, in the collector's coroutine, and lets every downstream exception through untouched,
 * which is what that check guards. Cold: each collection decodes afresh.
 */
internal class SseFlow(
    private val source: Flow<ByteArray>,
    private val limits: DecodeLimits,
    private val state: SseStreamState?,
) : Flow<ServerSentEvent> {
    override suspend fun collect(collector: FlowCollector<ServerSentEvent>) {
        val batch = SseBatch(limits, state)
        source.collect { bytes ->
            batch.feed(bytes, 0, bytes.size)
            batch.drain(collector)
        }
        batch.end()
        batch.drain(collector)
    }
}
