package dev.sluice.llm.client

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.Script
import dev.sluice.testkit.script
import dev.sluice.testkit.wordTokensOf

/** Test key sent to the fake server; it records the headers so tests can check authentication. */
const val TEST_KEY: String = "sk-test-0123456789"

/** The configuration pointing [provider] at the fake server, with [TEST_KEY] (Ollama: no key). */
fun configFor(provider: Provider, fake: FakeLlmServer): ProviderConfig {
    val base = when (provider) {
        Provider.ANTHROPIC -> fake.anthropicBaseUrl
        Provider.OLLAMA -> fake.ollamaBaseUrl
        Provider.GEMINI -> fake.geminiBaseUrl
        else -> fake.openAiBaseUrl
    }
    val builder = ProviderConfig.builder(provider).baseUrl(base).environment(emptyMap<String, String>())
    if (provider != Provider.OLLAMA) builder.apiKey(TEST_KEY)
    return builder.build()
}

fun clientFor(provider: Provider, fake: FakeLlmServer, options: LlmClientOptions = LlmClientOptions()): LlmClient =
    LlmClient(configFor(provider, fake), options)

fun requestFor(prompt: String = "Tell me about rivers"): ChatRequest =
    ChatRequest.builder().model("test-model").system("Be brief.").user(prompt).maxTokens(200).build()

/** A reply with every kind of content: reasoning (with a signature), text, a tool call in fragments, usage. */
val FULL_SCRIPT: Script = script {
    reasoning("Rivers flow downhill to the sea.", signature = "sig-rivers")
    text("Rivers carry water, sediment and life to the sea.")
    toolCall("call_weather_1", "get_weather", """{"city":"Paris","days":[1,2],"unit":"°C"}""", fragmentLength = 5)
    usage(12, 34)
}

/** The provider's own finish value for a reply that ends with tool calls, as the fake server sends it. */
fun toolFinishReason(provider: Provider): String = when (provider) {
    Provider.OPENAI_CHAT, Provider.OPENAI_COMPATIBLE -> "tool_calls"
    Provider.ANTHROPIC -> "tool_use"
    Provider.OPENAI_RESPONSES -> "completed"
    Provider.OLLAMA -> "stop"
    Provider.GEMINI -> "STOP"
}

/** Content deltas a client sees for [FULL_SCRIPT]: Ollama sends the tool call whole, as one delta. */
fun expectedDeltas(provider: Provider): Int =
    if (provider == Provider.OLLAMA || provider == Provider.GEMINI) FULL_SCRIPT.textTokens().size + wordTokensOf(FULL_SCRIPT.reasoning()).size + 1
    else FULL_SCRIPT.deltaCount()

/** A long, paced reply for cancellation tests: 200 tokens, 20 ms apart. */
fun slowScript(): Script = script {
    tokens((1..200).map { " t$it" })
    tokenDelay(java.time.Duration.ofMillis(20))
}
