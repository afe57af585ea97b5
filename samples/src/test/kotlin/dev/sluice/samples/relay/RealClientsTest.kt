package dev.sluice.samples.relay

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmResult
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.Script
import dev.sluice.testkit.ScriptBuilder
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Tag
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.net.URLEncoder
import java.util.Base64
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * The relay and the fake server read by real clients: the official `openai` and
 * `@anthropic-ai/sdk` npm packages, and headless Chromium's `EventSource`. Each accumulates the
 * answer its own way; the result must equal what Sluice itself accumulates from the same script.
 * Tagged `clients`: `.ci/run` installs Node packages and Chromium, then runs it as its own step.
 */
@Tag("clients")
@Timeout(120)
class RealClientsTest {
    private val fake = FakeLlmServer().start()
    private val llm = LlmClient(Provider.OPENAI_CHAT, fake.openAiBaseUrl, "k")
    private val relay = LlmRelay(llm, "m").start()

    @AfterEach
    fun stop() {
        relay.close()
        llm.close()
        fake.close()
    }

    private val script: Script = ScriptBuilder()
        .text("Checking the weather:\nParis first. 🌧")
        .toolCall("call_w1", "weather", """{"city":"Paris","units":"metric"}""", 7)
        .usage(12, 34)
        .build()

    /** What Sluice accumulates from [script] served in [provider]'s format. */
    private fun sluiceResult(provider: Provider): LlmResult {
        fake.enqueue(script)
        val baseUrl = if (provider == Provider.ANTHROPIC) fake.anthropicBaseUrl else fake.openAiBaseUrl
        return LlmClient(provider, baseUrl, "k").use { client ->
            runBlocking { client.complete(ChatRequest.builder().model("m").user("What is the weather in Paris?").maxTokens(200).build()) }
        }
    }

    private fun checkOpenAi(baseUrl: String) {
        fake.enqueue(script, script) // the client streams, then asks without streaming
        val out = Json.parseToJsonElement(RealClients.node("openai-client.mjs", baseUrl)).jsonObject
        val expected = sluiceResult(Provider.OPENAI_CHAT)
        for (name in listOf("streamed", "whole")) {
            val got = out[name]!!.jsonObject
            assertEquals(expected.text, got.string("text"), name)
            assertEquals(
                expected.toolCalls.map { listOf(it.id, it.name, it.arguments) },
                got["toolCalls"]!!.jsonArray.map { it.jsonObject.let { t -> listOf(t.string("id"), t.string("name"), t.string("arguments")) } },
                name,
            )
            assertEquals(expected.choices.single().rawFinishReason, got.string("finishReason"), name)
            val usage = got["usage"]!!.jsonObject
            assertEquals(expected.usage!!.inputTokens to expected.usage!!.outputTokens, usage.long("input") to usage.long("output"), name)
        }
        assertTrue(out["streamed"]!!.jsonObject.long("chunks") > 3, "the answer was not streamed: $out")
    }

    private fun checkAnthropic(baseUrl: String) {
        fake.enqueue(script)
        val got = Json.parseToJsonElement(RealClients.node("anthropic-client.mjs", baseUrl)).jsonObject
        val expected = sluiceResult(Provider.ANTHROPIC)
        assertEquals(expected.text, got.string("text"))
        assertEquals(
            expected.toolCalls.map { listOf(JsonPrimitive(it.id), JsonPrimitive(it.name), Json.parseToJsonElement(it.arguments)) },
            got["toolCalls"]!!.jsonArray.map { it.jsonObject.let { t -> listOf(t["id"], t["name"], t["input"]) } },
        )
        assertEquals(expected.choices.single().rawFinishReason, got.string("stopReason"))
        val usage = got["usage"]!!.jsonObject
        assertEquals(expected.usage!!.inputTokens to expected.usage!!.outputTokens, usage.long("input") to usage.long("output"))
        assertTrue(got.long("events") > 3, "the answer was not streamed: $got")
    }

    @Test
    fun theOpenAiSdkReadsTheRelayAsTheApi() = checkOpenAi(relay.openAiBaseUrl)

    @Test
    fun theOpenAiSdkReadsTheFakeServerAsTheApi() = checkOpenAi(fake.openAiBaseUrl)

    @Test
    fun theAnthropicSdkReadsTheRelayAsTheApi() = checkAnthropic(relay.anthropicBaseUrl)

    @Test
    fun theAnthropicSdkReadsTheFakeServerAsTheApi() = checkAnthropic(fake.anthropicBaseUrl)

    @Test
    fun chromiumsEventSourceAssemblesExactlyTheReply() {
        RealClients.chromium()
        val reply = "Two lines:\nsecond\r\nthird after CRLF\rafter a lone CR\n\ndata: not an event\nid: 7\nevent: fake\n: not a comment\n" +
            "retry: 1\n😀 👩‍💻 ünïcödé <b>&amp;</b> \"quoted\"\n"
        val codePoints = reply.codePoints().toArray().map { String(Character.toChars(it)) }
        fake.enqueue(ScriptBuilder().tokens(codePoints.chunked(4) { it.joinToString("") }).build())
        val dom = RealClients.dumpDom("${relay.pageUrl}?prompt=" + URLEncoder.encode("say it", "UTF-8"))
        assertEquals("done", Regex("<span id=\"status\">([^<]*)</span>").find(dom)?.groupValues?.get(1), dom)
        val base64 = Regex("<pre id=\"answer-base64\"[^>]*>([A-Za-z0-9+/=]*)</pre>").find(dom)!!.groupValues[1]
        assertEquals(reply, String(Base64.getDecoder().decode(base64), Charsets.UTF_8))
    }

    @Test
    fun chromiumsEventSourceResumesWithLastEventIdWhenTheConnectionDrops() {
        RealClients.chromium()
        relay.close()
        val cutting = LlmRelay(llm, "m").apply { cutBrowserStreamsAfter = 10 }.start()
        cutting.use {
            val reply = List(23) { "word$it\r\n" }.joinToString("")
            fake.enqueue(ScriptBuilder().tokens(reply.chunked(7)).build())
            val dom = RealClients.dumpDom("${cutting.pageUrl}?prompt=resume")
            assertEquals("done", Regex("<span id=\"status\">([^<]*)</span>").find(dom)?.groupValues?.get(1), dom)
            val base64 = Regex("<pre id=\"answer-base64\"[^>]*>([A-Za-z0-9+/=]*)</pre>").find(dom)!!.groupValues[1]
            assertEquals(reply, String(Base64.getDecoder().decode(base64), Charsets.UTF_8))
            assertEquals(1, fake.requestCount(), "a reconnect must resume, not ask the model again")
        }
    }

    private fun JsonObject.string(name: String): String? = (this[name] as? JsonPrimitive)?.takeIf { it.isString }?.content

    private fun JsonObject.long(name: String): Long = this[name]!!.jsonPrimitive.long
}
