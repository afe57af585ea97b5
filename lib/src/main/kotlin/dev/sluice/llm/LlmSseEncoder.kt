package dev.sluice.llm

import dev.sluice.internal.llm.provider.providerSpec
import dev.sluice.internal.llm.sse.SseReencoder
import dev.sluice.internal.llm.sse.TextSseEncoder
import dev.sluice.llm.request.Provider
import dev.sluice.sse.SseEvent

/**
 * Re-encodes one LLM stream's neutral events as Server-Sent Events, for a server that relays an
 * answer: push each event to [encode], write the frames it returns (an `SseWriter`, a channel),
 * and on failure write [encodeError]'s. Kotlin flows use `toSse` / `toTextSse` in [LlmSse], which
 * drive one of these per collection.
 *
 * Formats:
 * - [forProvider] `OPENAI_CHAT` / `OPENAI_COMPATIBLE`: Chat Completions chunks (`data:` only,
 *   `chat.completion.chunk` objects with `choices[].delta` content, refusal, `reasoning_content`
 *   and `tool_calls`, a `finish_reason` chunk per choice, a usage chunk when usage is known, then
 *   `data: [DONE]`); an error is a `{"error": {...}}` chunk.
 * - [forProvider] `ANTHROPIC`: Messages events (`message_start`, `content_block_start` / `_delta`
 *   / `_stop` for text, thinking and tool use with `input_json_delta`, `message_delta` with the
 *   stop reason and usage, `message_stop`); an error is `event: error`. First choice only.
 * - [textDeltas]: for browsers, a `delta` event per text piece of the first choice (data = the
 *   text), then `done` (`{"finish_reason":"stop","usage":{...}}`), or `error`
 *   (`{"type","message"}`); every event has the next `id` (1, 2, 3...).
 *
 * The official OpenAI and Anthropic SDKs read the first two as they read the APIs, and Sluice
 * decodes them back to the same text, tool calls (arguments joined exactly), finish reasons and
 * usage. Data line breaks CR and CRLF reach clients as LF (see [SseEvent]); in JSON payloads they
 * are escaped, so only the text format's `delta` data is affected.
 *
 * The stream's ids and model are kept, and a finish reason the target format does not have is
 * mapped through its neutral meaning ([LlmFinishReason]). Error frames carry the provider's error
 * type and message for [LlmStreamException] and [LlmHttpException], the message of Sluice's other
 * exceptions, and a generic message for anything else (no internal detail reaches the client).
 * The encoder keeps no text, only ids, open blocks, the finish reason and usage. Thread-safe.
 */
public class LlmSseEncoder private constructor(private val encoder: SseReencoder, private val name: String) {
    /** The frames [event] becomes, in order: often one, sometimes none (ids, usage) or several. */
    public fun encode(event: LlmEvent): List<SseEvent> = synchronized(this) {
        val out = ArrayList<SseEvent>(2)
        encoder.encode(event, out)
        out
    }

    /** The frames that report [error] to the client; they end the stream. */
    public fun encodeError(error: Throwable): List<SseEvent> = synchronized(this) {
        val out = ArrayList<SseEvent>(1)
        encoder.encodeError(error, out)
        out
    }

    override fun toString(): String = "LlmSseEncoder($name)"

    public companion object {
        /**
         * An encoder to [provider]'s own SSE format.
         *
         * @throws IllegalArgumentException for a provider without one (see [supports])
         */
        @JvmStatic
        public fun forProvider(provider: Provider): LlmSseEncoder {
            val encoder = providerSpec(provider).newSseEncoder()
                ?: throw IllegalArgumentException(
                    "no SSE encoder for ${provider.id}; supported: " +
                        Provider.values().filter { supports(it) }.joinToString(", ") { it.id } + ", and textDeltas()",
                )
            return LlmSseEncoder(encoder, provider.id)
        }

        /** Whether [forProvider] can encode to [provider]'s format. */
        @JvmStatic
        public fun supports(provider: Provider): Boolean = providerSpec(provider).newSseEncoder() != null

        /** An encoder to plain `delta` / `done` / `error` events for browsers. */
        @JvmStatic
        public fun textDeltas(): LlmSseEncoder = LlmSseEncoder(TextSseEncoder(), "text")
    }
}
