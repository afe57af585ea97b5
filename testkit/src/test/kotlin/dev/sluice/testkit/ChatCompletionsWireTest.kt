package dev.sluice.testkit

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

@Timeout(30)
class ChatCompletionsWireTest {
    private val server = FakeLlmServer().start()

    @AfterEach
    fun stop() = server.close()

    private fun url() = "${server.openAiBaseUrl}/chat/completions"

    @Test
    fun defaultReplyEchoesPromptAsWordTokensWithUsageChunkAndDone() {
        val result = post(url(), chatBody("What is Sluice?", includeUsage = true))

        assertEquals(200, result.status)
        assertTrue(result.header("Content-Type")!!.startsWith("text/event-stream"), result.header("Content-Type"))
        assertEquals("req_fake_1", result.header("x-request-id"))
        val events = parseSse(result.body)
        assertEquals("[DONE]", events.last().data)
        val chunks = events.dropLast(1).map { it.json() }
        chunks.forEach { chunk ->
            assertNull(events.first().event)
            assertEquals("chat.completion.chunk", chunk.str("object"))
            assertEquals("chatcmpl-fake-1", chunk.str("id"))
            assertEquals("gpt-test", chunk.str("model"))
            assertTrue(chunk.containsKey("created"))
        }
        val first = chunks.first().choice()
        assertEquals("assistant", first.obj("delta").str("role"))
        assertEquals("", first.obj("delta").str("content"))
        val contents = chunks.drop(1).dropLast(2).map { it.choice().obj("delta").str("content") }
        val expected = defaultReplyText("What is Sluice?")
        assertEquals(expected, contents.joinToString(""))
        assertEquals(wordTokensOf(expected), contents)
        val finish = chunks[chunks.size - 2].choice()
        assertEquals(JsonObject(emptyMap()), finish.obj("delta"))
        assertEquals("stop", finish.str("finish_reason"))
        val usageChunk = chunks.last()
        assertEquals(JsonArray(emptyList()), usageChunk["choices"])
        val usage = usageChunk.obj("usage")
        assertEquals(3, usage.int("prompt_tokens"))
        assertEquals(contents.size, usage.int("completion_tokens"))
        assertEquals(3 + contents.size, usage.int("total_tokens"))
        chunks.dropLast(1).forEach { assertEquals(JsonNull, it["usage"], "non-final chunks carry usage: null") }
    }

    @Test
    fun withoutIncludeUsageThereIsNoUsageAtAll() {
        val result = post(url(), chatBody("hi"))
        val events = parseSse(result.body)
        assertEquals("[DONE]", events.last().data)
        val chunks = events.dropLast(1).map { it.json() }
        chunks.forEach { assertFalse(it.containsKey("usage"), "unexpected usage in $it") }
        assertEquals("stop", chunks.last().choice().str("finish_reason"))
    }

    @Test
    fun toolCallsStreamIndexIdNameThenArgumentFragments() {
        server.enqueue(
            ScriptBuilder()
                .toolCallFragments("call_1", "get_weather", listOf("{\"ci", "ty\": \"Par", "is\"}"))
                .toolCall("call_2", "get_time", "{\"tz\":\"Europe/Paris\"}", 5)
                .usage(12, 9)
                .build(),
        )

        val chunks = parseSse(post(url(), chatBody("weather?", includeUsage = true)).body).dropLast(1).map { it.json() }

        val firstDelta = chunks.first().choice().obj("delta")
        assertEquals("assistant", firstDelta.str("role"))
        assertEquals(JsonNull, firstDelta["content"])
        val toolDeltas = chunks.drop(1).dropLast(2).map { it.choice().obj("delta")["tool_calls"]!!.jsonArray.single().jsonObject }
        val byIndex = toolDeltas.groupBy { it.int("index") }
        assertEquals(setOf(0, 1), byIndex.keys)
        val call0 = byIndex.getValue(0)
        assertEquals("call_1", call0.first().str("id"))
        assertEquals("function", call0.first().str("type"))
        assertEquals("get_weather", call0.first().obj("function").str("name"))
        assertEquals("", call0.first().obj("function").str("arguments"))
        call0.drop(1).forEach { assertFalse(it.containsKey("id")) }
        assertEquals(listOf("{\"ci", "ty\": \"Par", "is\"}"), call0.drop(1).map { it.obj("function").str("arguments") })
        val call1 = byIndex.getValue(1)
        assertEquals("call_2", call1.first().str("id"))
        assertEquals("{\"tz\":\"Europe/Paris\"}", call1.drop(1).joinToString("") { it.obj("function").str("arguments") })
        assertEquals(listOf(5, 5, 5, 5, 1), call1.drop(1).map { it.obj("function").str("arguments").length })
        assertEquals("tool_calls", chunks[chunks.size - 2].choice().str("finish_reason"))
        assertEquals(12, chunks.last().obj("usage").int("prompt_tokens"))
        assertEquals(9, chunks.last().obj("usage").int("completion_tokens"))
    }

    @Test
    fun reasoningGoesOutAsReasoningContentBeforeText() {
        server.enqueue(script {
            reasoning("Think first.")
            text("Answer.")
            finishReason(FinishReason.LENGTH)
            model("deepseek-test")
        })

        val chunks = parseSse(post(url(), chatBody("q")).body).dropLast(1).map { it.json() }

        val deltas = chunks.drop(1).dropLast(1).map { it.choice().obj("delta") }
        assertEquals(listOf("Think", " first."), deltas.take(2).map { it.str("reasoning_content") })
        assertEquals(listOf("Answer."), deltas.drop(2).map { it.str("content") })
        assertEquals("length", chunks.last().choice().str("finish_reason"))
        assertEquals("deepseek-test", chunks.first().str("model"))
    }

    @Test
    fun streamFalseGivesOneChatCompletionObject() {
        server.enqueue(ScriptBuilder().text("Hello there").toolCall("call_9", "f", "{}").usage(4, 3).build())

        val result = post(url(), chatBody("hi", stream = false))

        assertEquals(200, result.status)
        assertTrue(result.header("Content-Type")!!.startsWith("application/json"))
        val body = result.json()
        assertEquals("chat.completion", body.str("object"))
        val choice = body.choice()
        assertEquals("tool_calls", choice.str("finish_reason"))
        val message = choice.obj("message")
        assertEquals("Hello there", message.str("content"))
        val call = message["tool_calls"]!!.jsonArray.single().jsonObject
        assertEquals("call_9", call.str("id"))
        assertEquals("{}", call.obj("function").str("arguments"))
        assertEquals(7, body.obj("usage").int("total_tokens"))
    }
}

internal fun JsonObject.str(key: String): String = this[key]!!.jsonPrimitive.content

internal fun JsonObject.int(key: String): Int = this[key]!!.jsonPrimitive.int

internal fun JsonObject.obj(key: String): JsonObject = this[key]!!.jsonObject

internal fun JsonObject.choice(): JsonObject = this["choices"]!!.jsonArray.single().jsonObject
