package dev.sluice.llm.client

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.http.HttpClient
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServerExtension
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** Every provider over real loopback sockets against the testkit's fake server, through the Kotlin views. */
@Timeout(30)
class LlmClientEndToEndTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()
    }

    private val fake get() = fakeServer.server()

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun flowDeliversEveryEventAndCompleteGivesTheScriptedMessage(provider: Provider): Unit = runBlocking {
        fake.enqueue(FULL_SCRIPT, FULL_SCRIPT)
        clientFor(provider, fake).use { client ->
            val events = client.events(requestFor()).toList()
            assertTrue(events.first() is LlmEvent.StreamStarted, "first event: ${events.first()}")
            assertEquals(FULL_SCRIPT.text(), events.filterIsInstance<LlmEvent.TextDelta>().joinToString("") { it.text })
            assertEquals(FULL_SCRIPT.reasoning(), events.filterIsInstance<LlmEvent.ReasoningDelta>().joinToString("") { it.text })
            val completed = events.filterIsInstance<LlmEvent.ToolCallCompleted>().single()
            assertEquals("get_weather", completed.name)
            assertEquals(FULL_SCRIPT.toolCalls().single().arguments, completed.arguments)
            assertEquals(toolFinishReason(provider), events.filterIsInstance<LlmEvent.Finished>().last().rawFinishReason)
            assertEquals(LlmFinishReason.TOOL_CALLS, events.filterIsInstance<LlmEvent.Finished>().last().finishReason, "neutral finish of $provider")

            val result = client.complete(requestFor())
            assertTrue(result.isComplete)
            assertEquals(provider, result.provider)
            assertEquals(FULL_SCRIPT.text(), result.text)
            assertEquals(FULL_SCRIPT.reasoning(), result.choices.single().reasoning)
            val call = result.toolCalls.single()
            assertEquals("get_weather", call.name)
            assertEquals("""{"city":"Paris","days":[1,2],"unit":"°C"}""", call.arguments)
            if (provider != Provider.OLLAMA) assertEquals("call_weather_1", call.id) // Ollama has no call ids
            assertEquals(12L, result.usage?.inputTokens)
            assertEquals(34L, result.usage?.outputTokens)
            assertEquals(toolFinishReason(provider), result.choices.single().rawFinishReason)
            assertEquals(LlmFinishReason.TOOL_CALLS, result.choices.single().finishReason)
            if (provider == Provider.ANTHROPIC) assertEquals("sig-rivers", result.choices.single().reasoningSignature)
        }
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun textFlowIsTheTextDeltasAlone(provider: Provider): Unit = runBlocking {
        fake.enqueue(FULL_SCRIPT)
        clientFor(provider, fake).use { client ->
            val deltas = client.text(requestFor()).toList()
            assertEquals(FULL_SCRIPT.textTokens(), deltas)
        }
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun requestCarriesAuthenticationAndTheProvidersBody(provider: Provider): Unit = runBlocking {
        clientFor(provider, fake).use { it.complete(requestFor("What is a delta?")) }
        val recorded = assertNotNull(fake.lastRequest())
        assertEquals("POST", recorded.method)
        if (provider != Provider.GEMINI) assertEquals("\"test-model\"", recorded.jsonField("model"))
        assertEquals("What is a delta?", recorded.lastUserMessage())
        assertTrue(recorded.isStream())
        when (provider) {
            Provider.ANTHROPIC -> {
                assertEquals("/v1/messages", recorded.path)
                assertEquals(TEST_KEY, recorded.header("x-api-key"))
                assertEquals("2023-06-01", recorded.header("anthropic-version"))
                assertNull(recorded.header("authorization"))
                assertEquals("\"Be brief.\"", recorded.jsonField("system"))
                assertEquals("text/event-stream", recorded.header("accept"))
            }
            Provider.GEMINI -> {
                assertEquals("/v1beta/models/test-model:streamGenerateContent", recorded.path)
                assertEquals(TEST_KEY, recorded.header("x-goog-api-key"))
                assertNull(recorded.header("authorization"))
                assertEquals("text/event-stream", recorded.header("accept"))
            }
            Provider.OLLAMA -> {
                assertEquals("/api/chat", recorded.path)
                assertNull(recorded.header("authorization"))
                assertEquals("application/x-ndjson", recorded.header("accept"))
            }
            else -> {
                assertEquals(if (provider == Provider.OPENAI_RESPONSES) "/v1/responses" else "/v1/chat/completions", recorded.path)
                assertEquals("Bearer $TEST_KEY", recorded.header("authorization"))
                assertEquals("text/event-stream", recorded.header("accept"))
            }
        }
        if (provider == Provider.OPENAI_CHAT || provider == Provider.OPENAI_COMPATIBLE) {
            assertEquals("""{"include_usage":true}""", recorded.jsonField("stream_options"))
        }
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun metricsArePopulatedOnTheResultAndTheListener(provider: Provider): Unit = runBlocking {
        fake.enqueue(FULL_SCRIPT)
        val heard = RecordingListener()
        val result = clientFor(provider, fake).use { it.complete(requestFor(), heard) }
        val metrics = assertNotNull(result.metrics)
        assertTrue(metrics.isCompleted)
        assertNotNull(metrics.timeToFirstByte)
        assertNotNull(metrics.timeToFirstToken)
        assertTrue(metrics.bytesRead > 0, "bytes: ${metrics.bytesRead}")
        assertEquals(expectedDeltas(provider).toLong(), metrics.tokenDeltas)
        assertEquals(34L, metrics.usageOutputTokens)
        assertEquals(expectedDeltas(provider) - 1, metrics.interTokenGapCount)
        assertTrue(metrics.requestId!!.startsWith("req_fake_"), "request id: ${metrics.requestId}")
        assertEquals(0, metrics.retries)
        assertEquals(listOf(metrics), heard.completed)
        assertEquals(1, heard.firstTokens)
        assertEquals(expectedDeltas(provider), heard.tokens)
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun finalMessageRendersInTheProvidersOwnShape(provider: Provider): Unit = runBlocking {
        fake.enqueue(dev.sluice.testkit.textScript("Hello river"))
        val result = clientFor(provider, fake).use { it.complete(requestFor()) }
        val json = Json.parseToJsonElement(result.toProviderJson()).jsonObject
        val text = when (provider) {
            Provider.OPENAI_CHAT, Provider.OPENAI_COMPATIBLE ->
                json["choices"]!!.let { (it as kotlinx.serialization.json.JsonArray)[0].jsonObject["message"]!!.jsonObject["content"] }
            Provider.ANTHROPIC -> (json["content"] as kotlinx.serialization.json.JsonArray)[0].jsonObject["text"]
            Provider.OPENAI_RESPONSES -> json["output_text"]
            Provider.OLLAMA -> (json["message"] as JsonObject)["content"]
            Provider.GEMINI -> (json["candidates"] as kotlinx.serialization.json.JsonArray)[0].jsonObject["content"]!!
                .jsonObject["parts"]!!.let { (it as kotlinx.serialization.json.JsonArray)[0].jsonObject["text"] }
        }
        assertEquals("Hello river", text?.jsonPrimitive?.content)
        assertEquals(LlmFinishReason.STOP, result.choices.single().finishReason)
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun collectingTwiceSendsTwoRequests(provider: Provider): Unit = runBlocking {
        clientFor(provider, fake).use { client ->
            val flow = client.text(requestFor("once"))
            val first = flow.toList().joinToString("")
            val second = flow.map { it }.toList().joinToString("")
            assertEquals(first, second)
            assertEquals(2, fake.requestCount())
        }
    }

    @Test
    fun aSharedHttpClientServesSeveralProvidersAndStaysOpenAfterClose(): Unit = runBlocking {
        HttpClient().use { shared ->
            val options = LlmClientOptions().apply { httpClient = shared }
            val openai = clientFor(Provider.OPENAI_CHAT, fake, options)
            val anthropic = LlmClient(configFor(Provider.ANTHROPIC, fake)) { httpClient = shared }
            fake.enqueue(dev.sluice.testkit.textScript("a b"))
            assertEquals("a b", openai.use { it.text(requestFor()).toList().joinToString("") })
            assertTrue(openai.isClosed)
            assertFalse(shared.isClosed)
            assertFailsWith<IllegalStateException> { openai.complete(requestFor()) }
            fake.enqueue(dev.sluice.testkit.textScript("still open"))
            assertEquals("still open", anthropic.complete(requestFor()).text)
            anthropic.close()
            assertFalse(shared.isClosed)
        }
    }
}
