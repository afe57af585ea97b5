package dev.sluice.internal.sse

import dev.sluice.DecodeLimits
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseStreamState
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector

/**
 * Reads a byte source to its end, handing each read to `onRead` (`bytes`, `count`: the first
 * `count` bytes are the read's; the array may be reused once `onRead` returns).
 */
internal typealias ByteReads = suspend (onRead: suspend (bytes: ByteArray, count: Int) -> Unit) -> Unit

/**
 * `Flow<ByteArray>.decodeSse`, `ByteReadChannel.decodeSse` and a response body's events: each
 * read is decoded at once into a batch, then the batch is emitted straight to the collector. A
 * plain [Flow] rather than the `flow {}` builder, whose context check wraps every emission: this
 * one only ever emits from inside the source's own reading, in the collector's coroutine, and
 * lets every downstream exception through untouched, which is what that check guards. Cold: each
 * collection decodes afresh. With [dispatchUnterminated], a last event that lost its blank line
 * still counts.
 *
 * A response's reads come straight from its read buffer (the decoder copies what it keeps of a
 * read), with no array and no flow per read.
 */
internal class SseFlow(
    private val reads: ByteReads,
    private val limits: DecodeLimits,
    private val state: SseStreamState?,
    private val dispatchUnterminated: Boolean = false,
) : Flow<ServerSentEvent> {
    constructor(source: Flow<ByteArray>, limits: DecodeLimits, state: SseStreamState?, dispatchUnterminated: Boolean = false) :
        this({ onRead -> source.collect { onRead(it, it.size) } }, limits, state, dispatchUnterminated)

    override suspend fun collect(collector: FlowCollector<ServerSentEvent>) {
        val batch = SseBatch(limits, state, dispatchUnterminated)
        reads { bytes, count ->
            batch.feed(bytes, 0, count)
            batch.drain(collector)
        }
        batch.end()
        batch.drain(collector)
    }
}
