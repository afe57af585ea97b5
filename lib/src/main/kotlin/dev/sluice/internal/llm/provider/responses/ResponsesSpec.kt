package dev.sluice.internal.llm.provider.responses

import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.long
import dev.sluice.internal.llm.obj
import dev.sluice.internal.llm.provider.ProviderSpec
import dev.sluice.internal.llm.provider.withPath
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmUsage
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonObject

/** OpenAI Responses. */
internal object ResponsesSpec : ProviderSpec {
    override val provider: Provider get() = Provider.OPENAI_RESPONSES
    override val terminalDescription: String get() = "response.completed, response.incomplete or response.failed"
    override fun encodeRequest(request: ChatRequest, stream: Boolean): JsonObject = encodeResponses(request, stream)
    override fun authHeaders(apiKey: String?): Map<String, String> =
        if (apiKey == null) emptyMap() else mapOf("Authorization" to "Bearer $apiKey")
    override fun newCodec(): StreamCodec = ResponsesCodec()

    /** `GET /responses/{id}?stream=true&starting_after=N`, after any query of the base URL (Azure's api-version). */
    override fun resumeUrl(baseUrl: String, responseId: String, afterSequence: Long): String {
        val url = withPath(baseUrl, "/responses/${encodeSegment(responseId)}")
        return url + (if ('?' in url) "&" else "?") + "stream=true&starting_after=$afterSequence"
    }

    /** `POST /responses/{id}/cancel`. */
    override fun cancelUrl(baseUrl: String, responseId: String): String =
        withPath(baseUrl, "/responses/${encodeSegment(responseId)}/cancel")
    override fun newRenderer(): ResultRenderer = ResponsesRenderer()
}

/** A Responses status or incomplete reason; `completed` with function calls asks for tool calls. */
internal fun responsesFinishReason(reason: String?, hasFunctionCall: Boolean): LlmFinishReason = when (reason) {
    "completed" -> if (hasFunctionCall) LlmFinishReason.TOOL_CALLS else LlmFinishReason.STOP
    "max_output_tokens" -> LlmFinishReason.LENGTH
    "content_filter" -> LlmFinishReason.CONTENT_FILTER
    "failed" -> LlmFinishReason.ERROR
    else -> LlmFinishReason.OTHER
}

/** OpenAI Responses `usage`. */
internal fun responsesUsage(u: JsonObject): LlmUsage = LlmUsage(
    inputTokens = u.long("input_tokens"),
    outputTokens = u.long("output_tokens"),
    totalTokens = u.long("total_tokens"),
    reasoningTokens = u.obj("output_tokens_details")?.long("reasoning_tokens"),
    cachedInputTokens = u.obj("input_tokens_details")?.long("cached_tokens"),
    json = u.toString(),
)

/** A response id as one URL path segment (ids are `resp_...`; anything else is percent-encoded). */
private fun encodeSegment(id: String): String =
    java.net.URLEncoder.encode(id, "UTF-8").replace("+", "%20")
