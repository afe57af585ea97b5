@file:JvmName("LlmToolArgumentsSample")

package dev.sluice.samples.llm

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.parsePartialJson
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.llm.request.chatRequest
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.script
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject

/**
 * Tool calls with partial arguments: the arguments of a tool call arrive as JSON fragments. Joined,
 * they are only valid JSON at the end, but `parsePartialJson` reads any prefix as the object so
 * far, so a UI can show the call taking shape (a form filling in, a file being written).
 */
public fun main(): Unit = runBlocking {
    FakeLlmServer().start().use { fake ->
        fake.enqueue(script {
            toolCall("call_1", "create_note", """{"title":"Rivers","body":"Rivers carve canyons over millions of years."}""", fragmentLength = 6)
        })
        val config = ProviderConfig.builder(Provider.ANTHROPIC).baseUrl(fake.anthropicBaseUrl).build()
        LlmClient(config).use { client ->
            val request = chatRequest {
                model = "claude-sonnet-4-5"
                user("Make a note about rivers")
                tool("create_note") {
                    description = "Saves a note"
                    parameters(buildJsonObject {
                        put("type", "object")
                        putJsonObject("properties") {
                            putJsonObject("title") { put("type", "string") }
                            putJsonObject("body") { put("type", "string") }
                        }
                    })
                }
            }
            // snippet:begin llm-tool-arguments
            val arguments = StringBuilder()
            client.events(request).collect { event ->
                when (event) {
                    is LlmEvent.ToolCallStarted -> println("calling ${event.name} (${event.id})")
                    is LlmEvent.ToolCallArgumentsDelta -> {
                        arguments.append(event.delta)
                        // The object so far: complete fields, and the string being written, cut where it is.
                        val soFar = parsePartialJson(arguments.toString())?.jsonObject
                        val title = (soFar?.get("title") as? JsonPrimitive)?.content
                        val body = (soFar?.get("body") as? JsonPrimitive)?.content
                        println("  title=${title ?: "…"} body=${body ?: "…"}")
                    }
                    is LlmEvent.ToolCallCompleted -> println("complete: ${event.name}(${event.arguments})")
                    else -> Unit
                }
            }
            // snippet:end
        }
    }
}
