package dev.sluice.internal.llm.provider

import dev.sluice.internal.llm.provider.anthropic.AnthropicSpec
import dev.sluice.internal.llm.provider.gemini.GeminiSpec
import dev.sluice.internal.llm.provider.ollama.OllamaSpec
import dev.sluice.internal.llm.provider.openai.OpenAiChatSpec
import dev.sluice.internal.llm.provider.openai.OpenAiCompatibleSpec
import dev.sluice.internal.llm.provider.responses.ResponsesSpec
import dev.sluice.llm.request.Provider
import java.util.EnumMap

/** The provider table: one row per [Provider]. Adding a provider is its folder and one row here. */
private val TABLE: Map<Provider, ProviderSpec> = EnumMap<Provider, ProviderSpec>(Provider::class.java).apply {
    for (spec in listOf(OpenAiChatSpec, OpenAiCompatibleSpec, ResponsesSpec, AnthropicSpec, OllamaSpec, GeminiSpec)) {
        put(spec.provider, spec)
    }
    check(size == Provider.values().size) { "every Provider needs a row in the provider table" }
}

/** The implementation of [provider]. */
internal fun providerSpec(provider: Provider): ProviderSpec = TABLE.getValue(provider)
