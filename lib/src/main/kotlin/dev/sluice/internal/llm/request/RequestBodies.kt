package dev.sluice.internal.llm.request

import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonObject

/**
 * The exact JSON body [provider]'s API expects for [request], as text, for
 * [dev.sluice.llm.request.ProviderConfig.prepare].
 *
 * @throws dev.sluice.llm.request.LlmRequestException for an option the provider cannot express
 *   or JSON text in the request that does not parse
 */
internal fun encodeRequest(provider: Provider, request: ChatRequest, stream: Boolean): String =
    encodeRequestJson(provider, request, stream).toString()

/** As [encodeRequest], as a JSON tree. */
internal fun encodeRequestJson(provider: Provider, request: ChatRequest, stream: Boolean = true): JsonObject =
    when (provider) {
        Provider.OPENAI_CHAT, Provider.OPENAI_COMPATIBLE -> encodeOpenAiChat(request, stream, provider)
        Provider.OPENAI_RESPONSES -> encodeResponses(request, stream)
        Provider.ANTHROPIC -> encodeAnthropic(request, stream)
        Provider.OLLAMA -> encodeOllama(request, stream)
    }
