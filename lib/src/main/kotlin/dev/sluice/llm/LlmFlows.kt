@file:JvmName("LlmFlows")

package dev.sluice.llm

import dev.sluice.DecodeLimits
import dev.sluice.internal.llm.DecoderFlow
import dev.sluice.internal.llm.accumulate.metadataOnlyAccumulator
import dev.sluice.internal.llm.ndjsonBodyLines
import dev.sluice.internal.sse.SseFlow
import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.collect
import kotlinx.serialization.json.JsonElement

/**
 * Decodes an LLM stream's SSE events into neutral events. Cold: each collection decodes afresh.
 * The terminal event (`[DONE]`, `message_stop`, `response.completed`...) ends the flow at once and
 * cancels the upstream, so the connection is released even if the server keeps it open. A provider
 * error in the stream is thrown as [LlmStreamException], a payload that breaks the format as
 * [LlmProtocolException], an end without the terminal event as [LlmInterruptedException]. Memory
 * stays bounded by the current event: the answer is not accumulated (the errors' partial result
 * holds ids, usage and finish reasons, not texts); to accumulate, pass an [LlmStreamDecoder].
 */
public fun Flow<ServerSentEvent>.decodeLlm(provider: Provider): Flow<LlmEvent> =
    DecoderFlow(this, { eventsOnlyDecoder(provider) }) { decoder, event -> decoder.feed(event) }

/**
 * As [decodeLlm], feeding [decoder], whose [LlmStreamDecoder.snapshot] then gives the accumulated
 * message during and after collection. A decoder holds one stream: collect this flow once.
 */
public fun Flow<ServerSentEvent>.decodeLlm(decoder: LlmStreamDecoder): Flow<LlmEvent> =
    DecoderFlow(this, { decoder }) { d, event -> d.feed(event) }

/** Decodes an Ollama native NDJSON stream (`/api/chat`), e.g. from `decodeNdjson()` (Kotlin only). */
@JvmSynthetic
@JvmName("decodeLlmJson")
public fun Flow<JsonElement>.decodeLlm(provider: Provider): Flow<LlmEvent> =
    DecoderFlow(this, { eventsOnlyDecoder(provider) }) { decoder, value -> decoder.feedJson(value) }

/** As [decodeLlm] for NDJSON, feeding [decoder] (Kotlin only). */
@JvmSynthetic
@JvmName("decodeLlmJson")
public fun Flow<JsonElement>.decodeLlm(decoder: LlmStreamDecoder): Flow<LlmEvent> =
    DecoderFlow(this, { decoder }) { d, value -> d.feedJson(value) }

/**
 * Decodes an LLM response body, bytes split in any way, with [decoder]: Server-Sent Events, or
 * NDJSON for [Provider.OLLAMA]. A final event that lost its trailing line breaks still counts
 * (recorded and proxied bodies often end right after the terminal event's data). Every event is
 * tagged with its byte offset, which [LlmProtocolException] reports.
 */
@JvmOverloads
public fun Flow<ByteArray>.decodeLlmBody(decoder: LlmStreamDecoder, limits: DecodeLimits = DecodeLimits()): Flow<LlmEvent> {
    val source = this
    if (decoder.provider.isNdjson) {
        return DecoderFlow(source.ndjsonBodyLines(limits), { decoder }) { d, line -> d.feedLine(line.text, line.offset) }
    }
    return SseFlow(source, limits, null, dispatchUnterminated = true).decodeLlm(decoder)
}

/** Decodes the whole stream and returns the final accumulated message (Kotlin only). */
@JvmSynthetic
public suspend fun Flow<ServerSentEvent>.accumulateLlm(provider: Provider): LlmResult {
    val decoder = LlmStreamDecoder(provider)
    decodeLlm(decoder).collect()
    return decoder.snapshot()
}

/** A decoder that keeps nothing of the answer's content. */
private fun eventsOnlyDecoder(provider: Provider): LlmStreamDecoder =
    LlmStreamDecoder(provider, false, metadataOnlyAccumulator(provider))
