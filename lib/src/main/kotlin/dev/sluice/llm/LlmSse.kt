@file:JvmName("LlmSse")

package dev.sluice.llm

import dev.sluice.llm.request.Provider
import dev.sluice.sse.SseEvent
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.transform

/**
 * This LLM stream as [provider]'s own SSE stream (OpenAI Chat Completions, or Anthropic
 * Messages; see [LlmSseEncoder]), for a server that relays answers to clients built on the
 * official SDKs. Cold: each collection encodes afresh, collecting this flow once.
 *
 * An error of this flow is sent as the format's error frame, then rethrown, so the caller sees it
 * (to end the response normally instead, `catch {}` after this operator). Cancellation sends
 * nothing.
 *
 * ```kotlin
 * call.respondBytesWriter(ContentType.Text.EventStream) {
 *     writeSse(llm.events(request).toSse(Provider.OPENAI_CHAT).withKeepAlive(15.seconds))
 * }
 * ```
 *
 * @throws IllegalArgumentException at once for a provider without an SSE encoder
 */
public fun Flow<LlmEvent>.toSse(provider: Provider): Flow<SseEvent> {
    LlmSseEncoder.forProvider(provider) // fails now, not at collection, for an unsupported provider
    return encodeWith { LlmSseEncoder.forProvider(provider) }
}

/**
 * This LLM stream as plain text events for browsers (`EventSource`): `delta` events with the
 * text, then `done`, or `error`; each with an incrementing `id` (see [LlmSseEncoder.textDeltas]).
 * Errors as in [toSse].
 */
public fun Flow<LlmEvent>.toTextSse(): Flow<SseEvent> = encodeWith { LlmSseEncoder.textDeltas() }

private inline fun Flow<LlmEvent>.encodeWith(crossinline newEncoder: () -> LlmSseEncoder): Flow<SseEvent> {
    val source = this
    return flow {
        val encoder = newEncoder()
        val frames = source
            .transform { event -> for (frame in encoder.encode(event)) emit(frame) }
            // `catch` sees only upstream failures: a failing writer downstream is not reported to itself.
            .catch { e ->
                if (e is CancellationException) throw e
                for (frame in encoder.encodeError(e)) emit(frame)
                throw e
            }
        emitAll(frames)
    }
}
