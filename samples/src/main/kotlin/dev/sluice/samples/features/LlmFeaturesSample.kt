@file:JvmName("LlmFeaturesSample")

package dev.sluice.samples.features

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.request.ContentPart
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.llm.request.ResponseSchema
import dev.sluice.llm.request.chatRequest
import dev.sluice.testkit.FakeLlmServer
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.Serializable

/** The answer type of the structured-output sample. */
@Serializable
public data class CityWeather(val city: String, val highCelsius: Double, val sunny: Boolean)

/**
 * Kotlin: structured output (partial objects, then the typed object), an image in the prompt,
 * rate limits from the response headers, and a cancellable, resumable background response. Runs
 * against the testkit's fake server, which answers a schema with an object that fits it.
 */
public fun main(): Unit = runBlocking {
    FakeLlmServer().start().use { fake ->
        val config = ProviderConfig.builder(Provider.OPENAI_CHAT).baseUrl(fake.openAiBaseUrl).build()
        LlmClient(config).use { client ->
            // snippet:begin llm-structured-kotlin
            val request = chatRequest {
                model = "gpt-4o-mini"
                user("Weather in Paris today?")
                responseSchema = ResponseSchema.of<CityWeather>() // derived from the @Serializable type
            }
            val weather: CityWeather = client.completeObject(request, CityWeather.serializer()) { partial ->
                println("so far: $partial") // a JsonElement that grows: {"city":"Pa"}, {"city":"Paris"}, ...
            }
            println("typed: $weather")
            // snippet:end
        }
        LlmClient(config).use { client ->
            val pngBytes = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47) // a real app reads a file
            // snippet:begin llm-image-kotlin
            val request = chatRequest {
                model = "gpt-4o-mini"
                user(
                    "What is in this picture?",
                    ContentPart.image(pngBytes, "image/png"),
                    ContentPart.imageUrl("https://example.com/cat.jpg"),
                )
            }
            val result = client.complete(request)
            println(result.text)
            // The HTTP status, headers and rate limits of the streamed call.
            val limits = result.response?.rateLimits
            println("status ${result.response?.status}, requests left: ${limits?.requests?.remaining}")
            // snippet:end
        }
        val responses = ProviderConfig.builder(Provider.OPENAI_RESPONSES).baseUrl(fake.openAiBaseUrl).build()
        LlmClient(responses).use { client ->
            // snippet:begin llm-background-kotlin
            val request = chatRequest {
                model = "o3"
                user("Write a long report about rivers")
                background = true // a dropped stream resumes after the last sequence_number
            }
            // Cancelling the collection (here: after 5 events) also sends POST /responses/{id}/cancel.
            val firstEvents = client.events(request).take(5).toList()
            println("started ${(firstEvents.first() as LlmEvent.StreamStarted).id}, then stopped")
            // snippet:end
        }
        println("cancelled on the server: ${fake.cancelledResponses()}")
    }
}
