package dev.sluice.testkit

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

@Timeout(30)
class OllamaWireTest {
    private val server = FakeLlmServer().start()

    @AfterEach
    fun stop() = server.close()

    private fun url() = "${server.ollamaBaseUrl}/api/chat"

    private fun lines(body: String): List<JsonObject> {
        assertTrue(body.endsWith("\n"))
        return body.trimEnd('\n').split("\n").map { Json.parseToJsonElement(it).jsonObject }
    }

    @Test
    fun streamsByDefaultAsNdjsonEndingWithDoneLine() {
        val result = post(url(), """{"model":"llama3.2","messages":[{"role":"user","content":"why is the sky blue?"}]}""")

        assertEquals(200, result.status)
        assertTrue(result.header("Content-Type")!!.startsWith("application/x-ndjson"), result.header("Content-Type"))
        val lines = lines(result.body)
        val expected = defaultReplyText("why is the sky blue?")
        lines.dropLast(1).forEach {
            assertEquals("llama3.2", it.str("model"))
            assertTrue(it.containsKey("created_at"))
            assertFalse(it["done"]!!.jsonPrimitive.boolean)
            assertEquals("assistant", it.obj("message").str("role"))
        }
        assertEquals(expected, lines.dropLast(1).joinToString("") { it.obj("message").str("content") })
        val done = lines.last()
        assertTrue(done["done"]!!.jsonPrimitive.boolean)
        assertEquals("stop", done.str("done_reason"))
        assertEquals("", done.obj("message").str("content"))
        assertEquals(5, done.int("prompt_eval_count"))
        assertEquals(wordTokensOf(expected).size, done.int("eval_count"))
        listOf("total_duration", "load_duration", "prompt_eval_duration", "eval_duration").forEach { assertTrue(done.containsKey(it), it) }
    }

    @Test
    fun thinkingTokensAndWholeToolCallLines() {
        server.enqueue(script {
            reasoning("hmm ok")
            toolCall("call_t", "get_weather", """{"city":"Tokyo"}""", fragmentLength = 3)
            finishReason(FinishReason.LENGTH)
        })

        val lines = lines(post(url(), """{"model":"qwen3","messages":[{"role":"user","content":"weather"}]}""").body)

        assertEquals(listOf("hmm", " ok"), lines.take(2).map { it.obj("message").str("thinking") })
        val call = lines[2].obj("message")["tool_calls"]!!.jsonArray.single().jsonObject
        assertEquals("get_weather", call.obj("function").str("name"))
        assertEquals(Json.parseToJsonElement("""{"city":"Tokyo"}"""), call.obj("function")["arguments"])
        assertEquals(4, lines.size)
        assertEquals("length", lines.last().str("done_reason"))
    }

    @Test
    fun streamFalseGivesOneObject() {
        server.enqueue(ScriptBuilder().text("The sky scatters blue light.").usage(7, 6).build())

        val result = post(url(), """{"model":"llama3.2","stream":false,"messages":[{"role":"user","content":"why?"}]}""")

        assertTrue(result.header("Content-Type")!!.startsWith("application/json"))
        val body = result.json()
        assertEquals("The sky scatters blue light.", body.obj("message").str("content"))
        assertTrue(body["done"]!!.jsonPrimitive.boolean)
        assertEquals(7, body.int("prompt_eval_count"))
        assertEquals(6, body.int("eval_count"))
    }
}
