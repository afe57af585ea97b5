package compat

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.request.chatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.textScript
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlin.system.exitProcess

/** Streams a scripted answer from the testkit's fake server with the Kotlin API; exits 1 on any difference. */
fun main() {
    val events = FakeLlmServer().start().use { server ->
        server.enqueue(textScript("Hello from an old compiler"))
        val config = ProviderConfig.builder(Provider.OPENAI_CHAT).baseUrl(server.openAiBaseUrl).apiKey("k").build()
        LlmClient(config).use { client ->
            runBlocking {
                client.events(chatRequest {
                    model = "m"
                    user("hi")
                }).toList()
            }
        }
    }
    val text = events.filterIsInstance<LlmEvent.TextDelta>().joinToString("") { it.text }
    val finish = events.filterIsInstance<LlmEvent.Finished>().single().finishReason
    val kinds = events.map { event ->
        when (event) { // sealed: exhaustive without else
            is LlmEvent.StreamStarted -> "start"
            is LlmEvent.TextDelta -> "text"
            is LlmEvent.ReasoningDelta, is LlmEvent.ReasoningSignature, is LlmEvent.RefusalDelta -> "other-text"
            is LlmEvent.ToolCallStarted, is LlmEvent.ToolCallArgumentsDelta, is LlmEvent.ToolCallCompleted -> "tool"
            is LlmEvent.Usage -> "usage"
            is LlmEvent.Finished -> "finished"
            is LlmEvent.StreamCompleted -> "completed"
            is LlmEvent.Unknown, is LlmEvent.ProviderEvent -> "other"
        }
    }
    println("old-kotlin consumer: text='$text' finish=$finish kinds=${kinds.distinct()} kotlin=${KotlinVersion.CURRENT}")
    if (text != "Hello from an old compiler" || finish != LlmFinishReason.STOP || kinds.last() != "completed") exitProcess(1)
}
