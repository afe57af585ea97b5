package dev.sluice.testkit

import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertTrue

@Timeout(30)
class ResponsesWireTest {
    private val server = FakeLlmServer().start()

    @AfterEach
    fun stop() = server.close()

    private fun url() = "${server.openAiBaseUrl}/responses"

    private fun body(input: String, stream: Boolean = true) =
        """{"model":"gpt-5-test","stream":$stream,"input":[{"role":"user","content":[{"type":"input_text","text":"$input"}]}]}"""

    @Test
    fun textReplyFollowsTheApiEventSequence() {
        server.enqueue(ScriptBuilder().tokens("Hel", "lo").usage(11, 2).build())

        val result = post(url(), body("Say hello"))

        assertEquals(200, result.status)
        assertTrue(result.header("Content-Type")!!.startsWith("text/event-stream"))
        val events = parseSse(result.body)
        assertEquals(
            listOf(
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed",
            ),
            events.map { it.event },
        )
        events.forEachIndexed { i, e ->
            assertEquals(e.event, e.json().str("type"), "event name equals data type")
            assertEquals(i, e.json().int("sequence_number"), "sequence numbers count from 0 without gaps")
        }
        val created = events[0].json().obj("response")
        assertEquals("in_progress", created.str("status"))
        assertEquals("gpt-5-test", created.str("model"))
        val added = events[2].json()
        assertEquals(0, added.int("output_index"))
        assertEquals("message", added.obj("item").str("type"))
        val itemId = added.obj("item").str("id")
        val deltas = events.filter { it.event == "response.output_text.delta" }.map { it.json() }
        deltas.forEach {
            assertEquals(itemId, it.str("item_id"))
            assertEquals(0, it.int("content_index"))
        }
        assertEquals("Hello", deltas.joinToString("") { it.str("delta") })
        assertEquals("Hello", events[6].json().str("text"))
        val completed = events.last().json().obj("response")
        assertEquals("completed", completed.str("status"))
        assertEquals(JsonNull, completed["error"])
        val message = completed["output"]!!.jsonArray.single().jsonObject
        assertEquals("Hello", message["content"]!!.jsonArray.single().jsonObject.str("text"))
        val usage = completed.obj("usage")
        assertEquals(11, usage.int("input_tokens"))
        assertEquals(2, usage.int("output_tokens"))
        assertEquals(13, usage.int("total_tokens"))
    }

    @Test
    fun reasoningAndFunctionCallAreSeparateOutputItems() {
        server.enqueue(script {
            reasoning("Need weather.")
            toolCall("call_abc", "weather", """{"location":"San Francisco"}""", fragmentLength = 10)
        })

        val events = parseSse(post(url(), body("Weather in SF?")).body)
        val names = events.map { it.event }

        assertEquals("response.output_item.added", names[2])
        assertEquals("reasoning", events[2].json().obj("item").str("type"))
        val summaryDeltas = events.filter { it.event == "response.reasoning_summary_text.delta" }
        assertEquals("Need weather.", summaryDeltas.joinToString("") { it.json().str("delta") })
        val fcAdded = events.first { it.event == "response.output_item.added" && it.json().int("output_index") == 1 }.json().obj("item")
        assertEquals("function_call", fcAdded.str("type"))
        assertEquals("call_abc", fcAdded.str("call_id"))
        assertEquals("weather", fcAdded.str("name"))
        assertEquals("", fcAdded.str("arguments"))
        val argDeltas = events.filter { it.event == "response.function_call_arguments.delta" }.map { it.json() }
        argDeltas.forEach { assertEquals(fcAdded.str("id"), it.str("item_id")) }
        assertEquals("""{"location":"San Francisco"}""", argDeltas.joinToString("") { it.str("delta") })
        assertEquals(
            """{"location":"San Francisco"}""",
            events.single { it.event == "response.function_call_arguments.done" }.json().str("arguments"),
        )
        val output = events.last().json().obj("response")["output"]!!.jsonArray.map { it.jsonObject }
        assertEquals(listOf("reasoning", "function_call"), output.map { it.str("type") })
        assertEquals("Need weather.", output[0]["summary"]!!.jsonArray.single().jsonObject.str("text"))
        assertEquals("completed", output[1].str("status"))
        assertEquals("response.completed", names.last())
    }

    @Test
    fun lengthFinishEndsWithResponseIncomplete() {
        server.enqueue(ScriptBuilder().text("cut off").finishReason(FinishReason.LENGTH).build())

        val last = parseSse(post(url(), body("x")).body).last()

        assertEquals("response.incomplete", last.event)
        val response = last.json().obj("response")
        assertEquals("incomplete", response.str("status"))
        assertEquals("max_output_tokens", response.obj("incomplete_details").str("reason"))
    }

    @Test
    fun defaultReplyEchoesTheLastUserInputText() {
        val events = parseSse(post(url(), body("ping pong")).body)
        val text = events.filter { it.event == "response.output_text.delta" }.joinToString("") { it.json().str("delta") }
        assertEquals(defaultReplyText("ping pong"), text)
    }

    @Test
    fun streamFalseGivesTheResponseObject() {
        server.enqueue(ScriptBuilder().text("Hi").build())
        val body = post(url(), body("x", stream = false)).json()
        assertEquals("response", body.str("object"))
        assertEquals("completed", body.str("status"))
        val content = body["output"]!!.jsonArray.single().jsonObject["content"]!!.jsonArray.single().jsonObject
        assertEquals("Hi", content.str("text"))
    }
}
