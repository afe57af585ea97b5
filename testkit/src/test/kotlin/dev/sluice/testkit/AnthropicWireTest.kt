package dev.sluice.testkit

import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertTrue

@Timeout(30)
class AnthropicWireTest {
    private val server = FakeLlmServer().start()

    @AfterEach
    fun stop() = server.close()

    private fun url() = "${server.anthropicBaseUrl}/v1/messages"

    private fun body(prompt: String, stream: Boolean = true) =
        """{"model":"claude-test","max_tokens":256,"stream":$stream,"system":"Be brief.","messages":[{"role":"user","content":"$prompt"}]}"""

    @Test
    fun textReplyFollowsTheApiEventSequence() {
        val result = post(url(), body("Hello Claude"), mapOf("x-api-key" to "sk-ant-test", "anthropic-version" to "2023-06-01"))

        assertEquals(200, result.status)
        assertTrue(result.header("Content-Type")!!.startsWith("text/event-stream"))
        assertEquals("req_fake_1", result.header("request-id"))
        val events = parseSse(result.body)
        val expectedText = defaultReplyText("Hello Claude")
        val tokens = wordTokensOf(expectedText)
        assertEquals(
            listOf("message_start", "content_block_start", "ping") + tokens.map { "content_block_delta" } +
                listOf("content_block_stop", "message_delta", "message_stop"),
            events.map { it.event },
        )
        events.forEach { assertEquals(it.event, it.json().str("type"), "event name equals data type") }
        val message = events[0].json().obj("message")
        assertEquals("msg_fake_1", message.str("id"))
        assertEquals("message", message.str("type"))
        assertEquals("assistant", message.str("role"))
        assertEquals("claude-test", message.str("model"))
        assertEquals(JsonNull, message["stop_reason"])
        assertEquals(2, message.obj("usage").int("input_tokens"))
        val start = events[1].json()
        assertEquals(0, start.int("index"))
        assertEquals("text", start.obj("content_block").str("type"))
        val deltas = events.filter { it.event == "content_block_delta" }.map { it.json() }
        deltas.forEach { assertEquals("text_delta", it.obj("delta").str("type")) }
        assertEquals(expectedText, deltas.joinToString("") { it.obj("delta").str("text") })
        val messageDelta = events[events.size - 2].json()
        assertEquals("end_turn", messageDelta.obj("delta").str("stop_reason"))
        assertEquals(tokens.size, messageDelta.obj("usage").int("output_tokens"))
    }

    @Test
    fun thinkingWithSignatureThenToolUseWithEmptyFirstPartialJson() {
        server.enqueue(script {
            reasoning("Let me check.", signature = "sig-123")
            text("Checking.")
            toolCallFragments("toolu_1", "get_weather", listOf("{\"locati", "on\": \"Paris\"}"))
            usage(377, 65)
        })

        val events = parseSse(post(url(), body("Weather in Paris?")).body).map { it.event to it.json() }

        val starts = events.filter { it.first == "content_block_start" }.map { it.second }
        assertEquals(listOf(0, 1, 2), starts.map { it.int("index") })
        assertEquals(listOf("thinking", "text", "tool_use"), starts.map { it.obj("content_block").str("type") })
        assertEquals("", starts[0].obj("content_block").str("signature"))
        val tool = starts[2].obj("content_block")
        assertEquals("toolu_1", tool.str("id"))
        assertEquals("get_weather", tool.str("name"))
        assertEquals(JsonObject(emptyMap()), tool.obj("input"))
        val deltas = events.filter { it.first == "content_block_delta" }.map { it.second }
        fun deltasOf(index: Int) = deltas.filter { it.int("index") == index }.map { it.obj("delta") }
        assertEquals(listOf("thinking_delta", "thinking_delta", "thinking_delta", "signature_delta"), deltasOf(0).map { it.str("type") })
        assertEquals("sig-123", deltasOf(0).last().str("signature"))
        assertEquals("Let me check.", deltasOf(0).dropLast(1).joinToString("") { it.str("thinking") })
        assertEquals(listOf("", "{\"locati", "on\": \"Paris\"}"), deltasOf(2).map { it.str("partial_json") })
        deltasOf(2).forEach { assertEquals("input_json_delta", it.str("type")) }
        assertEquals(377, events.first().second.obj("message").obj("usage").int("input_tokens"))
        val messageDelta = events.single { it.first == "message_delta" }.second
        assertEquals("tool_use", messageDelta.obj("delta").str("stop_reason"))
        assertEquals(65, messageDelta.obj("usage").int("output_tokens"))
        assertEquals(3, events.count { it.first == "content_block_stop" })
    }

    @Test
    fun nonStreamingMessageHasParsedToolInput() {
        server.enqueue(ScriptBuilder().text("Sure.").toolCall("toolu_2", "lookup", """{"q":"x"}""").finishReason(FinishReason.TOOL_CALLS).build())

        val body = post(url(), body("x", stream = false)).json()

        assertEquals("message", body.str("type"))
        assertEquals("tool_use", body.str("stop_reason"))
        val content = body["content"]!!.jsonArray.map { it.jsonObject }
        assertEquals("Sure.", content[0].str("text"))
        assertEquals(JsonPrimitive("x"), content[1].obj("input")["q"])
    }
}
