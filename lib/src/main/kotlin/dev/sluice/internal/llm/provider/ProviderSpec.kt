package dev.sluice.internal.llm.provider

import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.sse.SseReencoder
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonObject

/**
 * Everything that knows one provider, behind one interface: request encoding, authentication and
 * endpoint, stream decoding to neutral events, HTTP error bodies, and rendering an accumulated
 * result in the provider's own non-streaming shape. One implementation per folder under
 * `dev.sluice.internal.llm.provider`, registered in [providerSpec]'s table; shared code never
 * switches on [Provider].
 */
internal interface ProviderSpec {
    val provider: Provider

    /** The terminal event, as error messages name it (`data: [DONE]`, `message_stop`...). */
    val terminalDescription: String

    /**
     * The exact JSON body the provider's API expects for [request].
     *
     * @throws dev.sluice.llm.request.LlmRequestException for an option the provider cannot express
     */
    fun encodeRequest(request: ChatRequest, stream: Boolean): JsonObject

    /** The authentication (and API version) headers for [apiKey] (`null`: no key). */
    fun authHeaders(apiKey: String?): Map<String, String>

    /**
     * The URL a call for [request] is posted to (`null`: the configuration's own endpoint, with
     * placeholders for what depends on the request), from the resolved [baseUrl] (no trailing
     * slash; a query in it, such as Azure's `?api-version=`, stays after the path).
     */
    fun endpointUrl(baseUrl: String, request: ChatRequest?, stream: Boolean): String = withPath(baseUrl, provider.path)

    /**
     * The URL that streams the stored response [responseId] again from after event [afterSequence]
     * (Responses background mode), or `null` when the provider cannot resume a stream.
     */
    fun resumeUrl(baseUrl: String, responseId: String, afterSequence: Long): String? = null

    /** The URL a POST to cancels the running response [responseId] on the server, or `null` when there is none. */
    fun cancelUrl(baseUrl: String, responseId: String): String? = null

    /** Variables read for the key, in order, after [Provider.getApiKeyVariable] (Gemini: `GOOGLE_API_KEY`). */
    val fallbackKeyVariables: List<String> get() = emptyList()

    /** A fresh decoder for one stream. */
    fun newCodec(): StreamCodec

    /** A fresh renderer of the provider's JSON for one accumulated stream. */
    fun newRenderer(): ResultRenderer

    /**
     * A fresh re-encoder of neutral events into this provider's SSE stream, for servers that relay
     * an answer in the provider's format; `null` when the provider has none.
     */
    fun newSseEncoder(): SseReencoder? = null

    /** The provider's error in a non-2xx body (already parsed as a JSON object). */
    fun readErrorBody(body: JsonObject): ProviderError = genericErrorBody(body)
}

/** The error a provider described in an HTTP error body. */
internal class ProviderError(val type: String?, val code: String?, val message: String?)

/** [baseUrl] with [path] appended before its query, if any. */
internal fun withPath(baseUrl: String, path: String): String {
    val q = baseUrl.indexOf('?')
    return if (q < 0) baseUrl + path else baseUrl.substring(0, q) + path + baseUrl.substring(q)
}
