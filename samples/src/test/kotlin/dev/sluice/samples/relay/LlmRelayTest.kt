package dev.sluice.samples.relay

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmResult
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.decodeLlmBody
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.Fault
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.ScriptBuilder
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds

private const val CHAT = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"""
private const val MESSAGES = """{"model":"c","stream":true,"max_tokens":50,"messages":[{"role":"user","content":"hi"}]}"""

/** The relay's API endpoints against a fake upstream, read with the JDK's HTTP client. */
@Timeout(30)
class LlmRelayTest {
    private val fake = FakeLlmServer().start()
    private val llm = LlmClient(Provider.OPENAI_CHAT, fake.openAiBaseUrl, "k")
    private val relay = LlmRelay(llm, "m", keepAlive = 100.milliseconds).start()

    @AfterEach
    fun stop() {
        relay.close()
        llm.close()
        fake.close()
    }

    private fun toolScript() = ScriptBuilder().text("Let me check.").toolCall("call_1", "weather", """{"city":"Paris"}""", 5).usage(7, 11).build()

    @Test
    fun theSampleStartsARelayOnAFreeLoopbackPort() {
        startRelay(llm).use { sample ->
            assertTrue(Regex("http://127\\.0\\.0\\.1:\\d+/v1").matches(sample.openAiBaseUrl), sample.openAiBaseUrl)
            fake.enqueue(ScriptBuilder().text("from the sample").build())
            assertEquals("from the sample", decode(Provider.OPENAI_CHAT, RelayHttp.post("${sample.openAiBaseUrl}/chat/completions", CHAT).body()).text)
        }
    }

    @Test
    fun chatCompletionsStreamHasTheHeadersProxiesNeedAndDecodesToTheUpstreamAnswer() {
        fake.enqueue(toolScript())
        val response = RelayHttp.post("${relay.openAiBaseUrl}/chat/completions", CHAT)
        assertEquals(200, response.statusCode())
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").get().substringBefore(';'))
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").get())
        assertEquals("no", response.headers().firstValue("X-Accel-Buffering").get())
        val result = decode(Provider.OPENAI_CHAT, response.body())
        assertEquals("Let me check.", result.text)
        assertEquals(listOf("weather" to """{"city":"Paris"}"""), result.toolCalls.map { it.name to it.arguments })
        assertEquals(7L to 11L, result.usage!!.inputTokens to result.usage!!.outputTokens)
        assertTrue(result.isComplete)
    }

    @Test
    fun messagesStreamIsAnthropicSse() {
        fake.enqueue(toolScript())
        val response = RelayHttp.post("${relay.anthropicBaseUrl}/v1/messages", MESSAGES)
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").get().substringBefore(';'))
        val result = decode(Provider.ANTHROPIC, response.body())
        assertEquals("Let me check.", result.text)
        assertEquals(listOf("weather" to """{"city":"Paris"}"""), result.toolCalls.map { it.name to it.arguments })
        assertEquals("tool_use", result.choices.single().rawFinishReason)
    }

    @Test
    fun withoutStreamTheAnswerIsOneChatCompletionObject() {
        fake.enqueue(toolScript())
        val response = RelayHttp.post("${relay.openAiBaseUrl}/chat/completions", CHAT.replace("\"stream\":true", "\"stream\":false"))
        assertEquals(200, response.statusCode())
        val json = Json.parseToJsonElement(response.body()).jsonObject
        assertEquals("chat.completion", json["object"]!!.jsonPrimitive.content)
        val message = json["choices"]!!.jsonArray[0].jsonObject["message"]!!.jsonObject
        assertEquals("Let me check.", message["content"]!!.jsonPrimitive.content)
        assertEquals("weather", message["tool_calls"]!!.jsonArray[0].jsonObject["function"]!!.jsonObject["name"]!!.jsonPrimitive.content)
    }

    @Test
    fun aBodyTheRelayCannotReadIsA400InTheClientsFormat() {
        val openAi = RelayHttp.post("${relay.openAiBaseUrl}/chat/completions", """{"messages":[]}""")
        assertEquals(400, openAi.statusCode())
        assertEquals("invalid_request_error", (Json.parseToJsonElement(openAi.body()).jsonObject["error"] as JsonObject)["type"]!!.jsonPrimitive.content)
        val anthropic = RelayHttp.post("${relay.anthropicBaseUrl}/v1/messages", "not json")
        assertEquals(400, anthropic.statusCode())
        assertEquals("error", Json.parseToJsonElement(anthropic.body()).jsonObject["type"]!!.jsonPrimitive.content)
        assertEquals(0, fake.requestCount())
    }

    @Test
    fun anUpstreamErrorReachesTheClientAsAnErrorEventNotASilentClose() {
        fake.enqueue(ScriptBuilder().text("one two three four").fault(Fault.StreamError(2, "overloaded_error", "busy upstream")).build())
        val body = RelayHttp.post("${relay.openAiBaseUrl}/chat/completions", CHAT).body()
        val events = decodeEvents(body)
        val error = Json.parseToJsonElement(events.last().data).jsonObject["error"]!!.jsonObject
        assertEquals("busy upstream", error["message"]!!.jsonPrimitive.content)

        fake.enqueue(ScriptBuilder().text("x").fault(Fault.HttpError(401, "authentication_error", "bad key")).build())
        val anthropic = decodeEvents(RelayHttp.post("${relay.anthropicBaseUrl}/v1/messages", MESSAGES).body())
        assertEquals("error", anthropic.last().type)
        assertTrue("bad key" in anthropic.last().data, anthropic.last().data)
    }

    @Test
    fun keepAliveCommentsFillTheWaitForTheFirstToken() {
        fake.enqueue(ScriptBuilder().text("late").timeToFirstToken(Duration.ofMillis(400)).build())
        RelayHttp.postStream("${relay.openAiBaseUrl}/chat/completions", CHAT).use { reader ->
            val first = reader.next()!!
            assertTrue(first.data.contains("late") || first.data.contains("chat.completion.chunk"))
            assertTrue(reader.raw.startsWith(": keep-alive\n\n"), reader.raw)
        }
    }

    @Test
    fun aClientThatDisconnectsCancelsTheUpstreamRequest() {
        val tokens = List(2000) { "t$it " }
        fake.enqueue(ScriptBuilder().tokens(tokens).tokenDelay(Duration.ofMillis(5)).build())
        RelayHttp.postStream("${relay.openAiBaseUrl}/chat/completions", CHAT).use { reader ->
            reader.next()
            reader.next()
            assertEquals(1, fake.activeStreams())
        }
        assertTrue(fake.awaitActiveStreams(0, Duration.ofSeconds(10)), "the upstream stream was not cancelled")
        assertEquals(1, fake.clientDisconnects())
    }
}

/** The answer a stream of [provider]'s SSE decodes to with Sluice. */
internal fun decode(provider: Provider, body: String): LlmResult = runBlocking {
    val decoder = LlmStreamDecoder(provider)
    flowOf(body.toByteArray()).decodeLlmBody(decoder).collect()
    decoder.snapshot()
}

internal fun decodeEvents(body: String): List<dev.sluice.sse.ServerSentEvent> {
    val events = ArrayList<dev.sluice.sse.ServerSentEvent>()
    dev.sluice.sse.SseDecoder({ events += it }).apply { feed(body.toByteArray()); end() }
    return events
}
