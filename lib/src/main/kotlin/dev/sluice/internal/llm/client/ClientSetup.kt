package dev.sluice.internal.llm.client

import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig

/** The configuration of `LlmClient(provider, baseUrl, apiKey)`: an explicit key, else the provider's variable. */
internal fun providerConfig(provider: Provider, baseUrl: String, apiKey: String?): ProviderConfig {
    val builder = ProviderConfig.builder(provider).baseUrl(baseUrl)
    if (apiKey != null) builder.apiKey(apiKey)
    return builder.build()
}
