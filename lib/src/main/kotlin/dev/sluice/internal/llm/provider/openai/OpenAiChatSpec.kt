package dev.sluice.internal.llm.provider.openai

import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.provider.ProviderSpec
import dev.sluice.internal.llm.sse.SseReencoder
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonObject

/** OpenAI Chat Completions at OpenAI. */
internal object OpenAiChatSpec : ProviderSpec {
    override val provider: Provider get() = Provider.OPENAI_CHAT
    override val terminalDescription: String get() = "data: [DONE]"
    override fun encodeRequest(request: ChatRequest, stream: Boolean): JsonObject = encodeOpenAiChat(request, stream, provider)
    override fun authHeaders(apiKey: String?): Map<String, String> = bearer(apiKey)
    override fun newCodec(): StreamCodec = ChatCodec()
    override fun newRenderer(): ResultRenderer = ChatRenderer()
    override fun newSseEncoder(): SseReencoder = ChatSseEncoder()
}

/**
 * Any server speaking Chat Completions (Ollama's `/v1`, vLLM, llama.cpp, DeepSeek, Groq, Mistral,
 * Azure...): the same stream, `max_tokens` instead of `max_completion_tokens`.
 */
internal object OpenAiCompatibleSpec : ProviderSpec {
    override val provider: Provider get() = Provider.OPENAI_COMPATIBLE
    override val terminalDescription: String get() = "data: [DONE]"
    override fun encodeRequest(request: ChatRequest, stream: Boolean): JsonObject = encodeOpenAiChat(request, stream, provider)
    override fun authHeaders(apiKey: String?): Map<String, String> = bearer(apiKey)
    override fun newCodec(): StreamCodec = ChatCodec()
    override fun newRenderer(): ResultRenderer = ChatRenderer()
    override fun newSseEncoder(): SseReencoder = ChatSseEncoder()
}

private fun bearer(apiKey: String?): Map<String, String> =
    if (apiKey == null) emptyMap() else mapOf("Authorization" to "Bearer $apiKey")

/** Chat Completions `finish_reason` values, including the legacy `function_call`. */
internal fun chatFinishReason(reason: String): LlmFinishReason = when (reason) {
    "stop", "eos" -> LlmFinishReason.STOP
    "length", "model_context_window_exceeded" -> LlmFinishReason.LENGTH
    "tool_calls", "function_call" -> LlmFinishReason.TOOL_CALLS
    "content_filter" -> LlmFinishReason.CONTENT_FILTER
    "error" -> LlmFinishReason.ERROR
    else -> LlmFinishReason.OTHER
}
