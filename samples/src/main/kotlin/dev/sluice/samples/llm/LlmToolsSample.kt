@file:JvmName("LlmToolsSample")

package dev.sluice.samples.llm

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.llm.request.chatRequest
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.ScriptBuilder
import kotlinx.coroutines.runBlocking

/**
 * A tool round trip in Kotlin: define a tool by its JSON schema, read the model's call, send the
 * result back, print the final answer. The fake server plays the model (a call, then an answer).
 */
public fun toolsSample(): Unit = runBlocking {
    FakeLlmServer().start().use { fake ->
        fake.enqueue(
            ScriptBuilder().toolCall("call_1", "get_weather", """{"city":"Paris"}""").build(),
            ScriptBuilder().text("It is 18 °C in Paris.").build(),
        )
        val config = ProviderConfig.builder(Provider.OPENAI_CHAT).baseUrl(fake.openAiBaseUrl).apiKey("k").build()
        LlmClient(config).use { client ->
            // snippet:begin llm-tools-kotlin
            val request = chatRequest {
                model = "gpt-4o-mini"
                user("What is the weather in Paris?")
                tool("get_weather") {
                    description = "Current weather in a city"
                    parameters("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")
                }
            }
            val first = client.complete(request)
            val followUp = chatRequest(request) {
                if (first.choices.single().finishReason == LlmFinishReason.TOOL_CALLS) {
                    val call = first.toolCalls.single()
                    assistant { toolCall(call.id!!, call.name!!, call.arguments) }
                    // Run the tool with call.arguments (JSON text), then answer with its result.
                    toolResult(call.id!!, """{"celsius":18}""")
                }
            }
            println(client.complete(followUp).text)
            // snippet:end
        }
    }
}
