package dev.sluice.internal.llm.provider.anthropic

import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.long
import dev.sluice.internal.llm.provider.ProviderSpec
import dev.sluice.internal.llm.sse.SseReencoder
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmUsage
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import kotlinx.serialization.json.JsonObject

/** Anthropic Messages. */
internal object AnthropicSpec : ProviderSpec {
    override val provider: Provider get() = Provider.ANTHROPIC
    override val terminalDescription: String get() = "message_stop"
    override fun encodeRequest(request: ChatRequest, stream: Boolean): JsonObject = encodeAnthropic(request, stream)
    override fun authHeaders(apiKey: String?): Map<String, String> =
        if (apiKey == null) mapOf("anthropic-version" to ProviderConfig.ANTHROPIC_VERSION) else mapOf("x-api-key" to apiKey, "anthropic-version" to ProviderConfig.ANTHROPIC_VERSION)
    override fun newCodec(): StreamCodec = AnthropicCodec()
    override fun newRenderer(): ResultRenderer = AnthropicRenderer()
    override fun newSseEncoder(): SseReencoder = AnthropicSseEncoder()
}

internal fun anthropicFinishReason(reason: String): LlmFinishReason = when (reason) {
    "end_turn", "stop_sequence" -> LlmFinishReason.STOP
    "max_tokens", "model_context_window_exceeded" -> LlmFinishReason.LENGTH
    "tool_use" -> LlmFinishReason.TOOL_CALLS
    "refusal" -> LlmFinishReason.CONTENT_FILTER
    else -> LlmFinishReason.OTHER
}

/** Anthropic `usage` (the merged numeric counts). */
internal fun anthropicUsage(u: JsonObject): LlmUsage = LlmUsage(
    inputTokens = u.long("input_tokens"),
    outputTokens = u.long("output_tokens"),
    totalTokens = null,
    reasoningTokens = null,
    cachedInputTokens = u.long("cache_read_input_tokens"),
    json = u.toString(),
)
