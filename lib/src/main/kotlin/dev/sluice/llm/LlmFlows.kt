@file:JvmName("LlmFlows")

package dev.sluice.llm

import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.transformWhile
import kotlinx.serialization.json.JsonElement

/**
 * Decodes an LLM stream's SSE events into neutral events. Cold: each collection decodes afresh.
 * The terminal event (`[DONE]`, `message_stop`, `response.completed`...) ends the flow at once and
 * cancels the upstream, so the connection is released even if the server keeps it open. A provider
 * error in the stream is thrown as [LlmStreamException] with the partial result.
 */
public fun Flow<ServerSentEvent>.decodeLlm(provider: Provider): Flow<LlmEvent> =
    flow { emitAll(decodeLlm(LlmStreamDecoder(provider))) }

/**
 * As [decodeLlm], feeding [decoder], whose [LlmStreamDecoder.snapshot] then gives the accumulated
 * message during and after collection. A decoder holds one stream: collect this flow once.
 */
public fun Flow<ServerSentEvent>.decodeLlm(decoder: LlmStreamDecoder): Flow<LlmEvent> =
    driveDecoder(decoder) { decoder.feed(it) }

/** Decodes an Ollama native NDJSON stream (`/api/chat`), e.g. from `decodeNdjson()` (Kotlin only). */
@JvmSynthetic
@JvmName("decodeLlmJson")
public fun Flow<JsonElement>.decodeLlm(provider: Provider): Flow<LlmEvent> =
    flow { emitAll(decodeLlm(LlmStreamDecoder(provider))) }

/** As [decodeLlm] for NDJSON, feeding [decoder] (Kotlin only). */
@JvmSynthetic
@JvmName("decodeLlmJson")
public fun Flow<JsonElement>.decodeLlm(decoder: LlmStreamDecoder): Flow<LlmEvent> =
    driveDecoder(decoder) { decoder.feedJson(it) }

/** Decodes the whole stream and returns the final accumulated message (Kotlin only). */
@JvmSynthetic
public suspend fun Flow<ServerSentEvent>.accumulateLlm(provider: Provider): LlmResult {
    val decoder = LlmStreamDecoder(provider)
    decodeLlm(decoder).collect()
    return decoder.snapshot()
}

private fun <T> Flow<T>.driveDecoder(decoder: LlmStreamDecoder, feed: (T) -> List<LlmEvent>): Flow<LlmEvent> = flow {
    emitAll(
        transformWhile { item ->
            for (event in feed(item)) emit(event)
            !decoder.isTerminated
        },
    )
    if (!decoder.isTerminated) decoder.end().forEach { emit(it) }
}
