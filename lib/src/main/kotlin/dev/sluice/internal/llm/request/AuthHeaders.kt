package dev.sluice.internal.llm.request

import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig

/*
 * What a provider needs around the body: where the call goes and how it authenticates. Kept in
 * one place for ProviderConfig until each provider's folder owns its part.
 */

/**
 * The headers that authenticate a call: Anthropic `x-api-key` (when there is a key) and
 * `anthropic-version`; every other provider `Authorization: Bearer <key>` when there is a key.
 */
internal fun providerAuthHeaders(provider: Provider, apiKey: String?): Map<String, String> = when {
    provider == Provider.ANTHROPIC -> LinkedHashMap<String, String>().apply {
        if (apiKey != null) put("x-api-key", apiKey)
        put("anthropic-version", ProviderConfig.ANTHROPIC_VERSION)
    }
    apiKey != null -> mapOf("Authorization" to "Bearer $apiKey")
    else -> emptyMap()
}

/**
 * The URL a call is posted to: [baseUrl] (normalized, without trailing slash) plus the provider's
 * path, with the base URL's query (Azure's `?api-version=`) kept after the path. [request] is
 * `null` for the configuration's own endpoint; no provider's path depends on it yet.
 */
internal fun providerEndpointUrl(provider: Provider, baseUrl: String, @Suppress("UNUSED_PARAMETER") request: ChatRequest?): String {
    val q = baseUrl.indexOf('?')
    return if (q < 0) baseUrl + provider.path else baseUrl.substring(0, q) + provider.path + baseUrl.substring(q)
}
