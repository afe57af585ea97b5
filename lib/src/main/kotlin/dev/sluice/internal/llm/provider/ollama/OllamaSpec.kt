package dev.sluice.internal.llm.provider.ollama

import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.provider.ProviderSpec
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonObject

/** Ollama's native chat API (NDJSON). */
internal object OllamaSpec : ProviderSpec {
    override val provider: Provider get() = Provider.OLLAMA
    override val terminalDescription: String get() = "a line with \"done\": true"
    override fun encodeRequest(request: ChatRequest, stream: Boolean): JsonObject = encodeOllama(request, stream)
    override fun authHeaders(apiKey: String?): Map<String, String> =
        if (apiKey == null) emptyMap() else mapOf("Authorization" to "Bearer $apiKey")
    override fun newCodec(): StreamCodec = OllamaCodec()
    override fun newRenderer(): ResultRenderer = OllamaRenderer()
}
