@file:JvmName("LlmFlowSample")

package dev.sluice.samples.llm

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.llm.request.chatRequest
import dev.sluice.testkit.FakeLlmServer
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.runBlocking
import kotlin.time.Duration.Companion.seconds

/**
 * Kotlin: the answer as a cold `Flow` of events, then the final message with `complete`.
 * Runs against the testkit's fake server; for OpenAI use `ProviderConfig.fromEnvironment(Provider.OPENAI_CHAT)`.
 */
public fun main(): Unit = runBlocking {
    FakeLlmServer().start().use { fake ->
        // snippet:begin llm-flow
        val config = ProviderConfig.builder(Provider.OPENAI_CHAT).baseUrl(fake.openAiBaseUrl).build()
        LlmClient(config) { idleTimeout = 30.seconds }.use { client ->
            val request = chatRequest {
                model = "gpt-4o-mini"
                system("Answer briefly.")
                user("Tell me about rivers")
            }

            // Events as they arrive: collecting sends the request, cancelling closes the connection.
            client.events(request).collect { event ->
                when (event) {
                    is LlmEvent.TextDelta -> print(event.text)
                    is LlmEvent.ToolCallCompleted -> println("\n[tool ${event.name}(${event.arguments})]")
                    is LlmEvent.Usage -> println("\n[usage ${event.usage}]")
                    else -> Unit
                }
            }

            // The final message in one call, with its metrics.
            val result = client.complete(request)
            println(result.text)
            println("time to first token: ${result.metrics?.timeToFirstToken}, ${result.metrics?.outputTokensPerSecond} tokens/s")
        }
        // snippet:end
    }
}
