package dev.sluice.internal.llm

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmStreamDecoder
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector

/**
 * Feeds each item of [source] (an SSE event, an NDJSON line or value) to a decoder, made by
 * [newDecoder] when a collection starts (the same one each time, or a fresh one), and emits the
 * LLM events it yields; after the terminal event, stops collecting [source] at once, so the
 * connection is released even if the server keeps it open; at the end of [source] without it, emits
 * what [LlmStreamDecoder.end] yields (or lets its error through).
 *
 * A plain [Flow] rather than `flow { emitAll(transformWhile { ... }) }`, whose context-checking
 * collectors wrapped every token (three of them with a fresh decoder): this one only emits from
 * inside [source]'s own `collect`, in the collector's coroutine, and lets every downstream
 * exception through untouched.
 */
internal class DecoderFlow<T>(
    private val source: Flow<T>,
    private val newDecoder: () -> LlmStreamDecoder,
    private val feed: (LlmStreamDecoder, T) -> List<LlmEvent>,
) : Flow<LlmEvent> {
    override suspend fun collect(collector: FlowCollector<LlmEvent>) {
        val decoder = newDecoder()
        val stop = Terminated()
        try {
            source.collect { item ->
                val events = feed(decoder, item)
                for (i in events.indices) collector.emit(events[i])
                if (decoder.isTerminated) throw stop
            }
        } catch (e: Terminated) {
            if (e !== stop) throw e
        }
        if (!decoder.isTerminated) {
            val events = decoder.end()
            for (i in events.indices) collector.emit(events[i])
        }
    }
}

/**
 * Thrown through [DecoderFlow]'s source to stop it after the terminal event, and caught by the
 * collection that threw it (compared by identity, so a nested one passes through). A cancellation,
 * as kotlinx's own early stop is, so code on the way treats it as an abandoned collection, not a
 * failure; without a stack trace, which it never needs.
 */
private class Terminated : CancellationException("the stream's terminal event arrived") {
    override fun fillInStackTrace(): Throwable = this
}
