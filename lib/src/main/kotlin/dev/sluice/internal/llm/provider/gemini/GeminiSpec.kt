package dev.sluice.internal.llm.provider.gemini

import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.provider.ProviderError
import dev.sluice.internal.llm.provider.ProviderSpec
import dev.sluice.internal.llm.provider.genericErrorBody
import dev.sluice.internal.llm.provider.text
import dev.sluice.internal.llm.provider.withPath
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonObject

/**
 * Google Gemini (`generativelanguage.googleapis.com`): `POST
 * {base}/v1beta/models/{model}:streamGenerateContent?alt=sse` with the key in `x-goog-api-key`;
 * SSE `data:` chunks with no terminal event (see [GeminiCodec]); errors as
 * `{"error": {"code", "message", "status"}}`.
 */
internal object GeminiSpec : ProviderSpec {
    override val provider: Provider get() = Provider.GEMINI

    override val terminalDescription: String get() = "a finishReason on every candidate before the body's end"

    /** The body carries no `stream` flag: the endpoint decides (see [endpointUrl]). */
    override fun encodeRequest(request: ChatRequest, stream: Boolean): JsonObject = encodeGemini(request)

    override fun authHeaders(apiKey: String?): Map<String, String> =
        if (apiKey == null) emptyMap() else mapOf("x-goog-api-key" to apiKey)

    override val fallbackKeyVariables: List<String> get() = listOf("GOOGLE_API_KEY")

    /**
     * The streaming URL (`:streamGenerateContent?alt=sse`), or for a non-streaming call
     * `:generateContent`. The model comes from the request (a leading `models/` is dropped, other
     * characters outside the URL-safe set are percent-encoded); a query in [baseUrl] stays after
     * the path, after `alt=sse`.
     */
    override fun endpointUrl(baseUrl: String, request: ChatRequest?, stream: Boolean): String {
        val model = if (request == null) "{model}" else encodeModel(request.model.removePrefix("models/"))
        val method = if (stream) ":streamGenerateContent" else ":generateContent"
        val url = withPath(baseUrl, "/v1beta/models/$model$method")
        if (!stream) return url
        val q = url.indexOf('?')
        return if (q < 0) "$url?alt=sse" else url.substring(0, q) + "?alt=sse&" + url.substring(q + 1)
    }

    override fun newCodec(): StreamCodec = GeminiCodec()

    override fun newRenderer(): ResultRenderer = GeminiRenderer()

    override fun readErrorBody(body: JsonObject): ProviderError =
        if (body["error"] is JsonObject) geminiError(body["error"] as JsonObject) else genericErrorBody(body)
}

/** `{"code": 429, "message": "...", "status": "RESOURCE_EXHAUSTED"}`: type = status, code = code. */
internal fun geminiError(error: JsonObject): ProviderError =
    ProviderError(type = error.text("status"), code = error.text("code"), message = error.text("message"))

private fun encodeModel(model: String): String = buildString {
    for (byte in model.toByteArray(Charsets.UTF_8)) {
        val c = byte.toInt() and 0xff
        if (c.toChar().let { it in 'a'..'z' || it in 'A'..'Z' || it in '0'..'9' || it in "-._~" }) {
            append(c.toChar())
        } else {
            append('%').append("0123456789ABCDEF"[c shr 4]).append("0123456789ABCDEF"[c and 15])
        }
    }
}
