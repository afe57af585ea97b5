@file:JvmName("LlmMultiTurnSample")

package dev.sluice.samples.llm

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.request.Message
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.llm.request.chatRequest
import dev.sluice.testkit.FakeLlmServer
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonArray

/**
 * A multi-turn chat: the history is a list of messages; every turn streams the answer, then the
 * answer joins the history so the next request carries the whole conversation.
 */
public fun main(): Unit = runBlocking {
    FakeLlmServer().start().use { fake ->
        val config = ProviderConfig.builder(Provider.OPENAI_CHAT).baseUrl(fake.openAiBaseUrl).build()
        LlmClient(config).use { client ->
            // snippet:begin llm-multi-turn
            val history = mutableListOf(Message.system("Answer briefly."))
            for (question in listOf("What is a river?", "And a delta?", "Name one.")) {
                history += Message.user(question)
                println("> $question")
                val answer = StringBuilder()
                client.events(chatRequest { model = "gpt-4o-mini"; messages(history) })
                    .filterIsInstance<LlmEvent.TextDelta>()
                    .onEach { print(it.text) }
                    .collect { answer.append(it.text) }
                println()
                history += Message.assistant(answer.toString())
            }
            // snippet:end
            val lastMessages = Json.parseToJsonElement(fake.lastRequest()!!.jsonField("messages")!!).jsonArray
            println("turns sent: ${fake.requestCount()}, messages in the last request: ${lastMessages.size}")
        }
    }
}
