package dev.sluice.internal.llm

import dev.sluice.llm.LlmProvider
import dev.sluice.llm.request.Provider

/** The stream format a request to [provider] is answered in. */
internal fun wireFormatOf(provider: Provider): LlmProvider = when (provider) {
    Provider.OPENAI_CHAT, Provider.OPENAI_COMPATIBLE -> LlmProvider.OPENAI_CHAT
    Provider.OPENAI_RESPONSES -> LlmProvider.OPENAI_RESPONSES
    Provider.ANTHROPIC -> LlmProvider.ANTHROPIC
    Provider.OLLAMA -> LlmProvider.OLLAMA
}
