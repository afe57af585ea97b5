package dev.sluice.internal.llm.request

import dev.sluice.internal.llm.provider.providerSpec
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
    providerSpec(provider).encodeRequest(request, stream)
