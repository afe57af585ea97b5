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
import kotlin.test.assertNull
import kotlin.test.assertTrue

@Timeout(30)
class GeminiWireTest {
    private val server = FakeLlmServer().start()

    @AfterEach
    fun stop() = server.close()

    private fun url(model: String = "gemini-2.5-flash", stream: Boolean = true) =
        "${server.geminiBaseUrl}/v1beta/models/$model:" + if (stream) "streamGenerateContent?alt=sse" else "generateContent"

    private fun body(prompt: String) =
        """{"contents":[{"role":"user","parts":[{"text":"$prompt"}]}],"systemInstruction":{"parts":[{"text":"Be brief."}]}}"""

    /** The chunks of a Gemini body: CRLF-framed `data:` events, no terminal event. */
    private fun chunks(body: String): List<JsonObject> {
        assertTrue(body.endsWith("\r\n\r\n"), "CRLF framing: ...${body.takeLast(40)}")
        assertFalse(body.replace("\r\n", "").contains('\n'), "no bare LF")
        return parseSse(body.replace("\r\n", "\n")).map {
            assertNull(it.event)
            it.json()
        }
    }

    private fun JsonObject.candidate(): JsonObject = this["candidates"]!!.jsonArray.single().jsonObject

    private fun JsonObject.parts(): List<JsonObject> =
        candidate()["content"]?.jsonObject?.get("parts")?.jsonArray.orEmpty().map { it.jsonObject }

    @Test
    fun textStreamsAsChunksWithModelFromThePathAndFinishWithUsageLast() {
        val result = post(url(), body("Hello Gemini"), mapOf("x-goog-api-key" to "g-key"))

        assertEquals(200, result.status)
        assertTrue(result.header("Content-Type")!!.startsWith("text/event-stream"))
        val chunks = chunks(result.body)
        val expected = defaultReplyText("Hello Gemini")
        val tokens = wordTokensOf(expected)
        assertEquals(tokens.size + 1, chunks.size)
        chunks.forEach {
            assertEquals("gemini-2.5-flash", it.str("modelVersion"))
            assertEquals("gemini-fake-1", it.str("responseId"))
            assertEquals(0, it.candidate().int("index"))
        }
        assertEquals(tokens, chunks.dropLast(1).map { it.parts().single().str("text") })
        chunks.dropLast(1).forEach {
            assertEquals("model", it.candidate().obj("content").str("role"))
            assertNull(it["usageMetadata"])
            assertNull(it.candidate()["finishReason"])
        }
        val last = chunks.last()
        assertEquals("STOP", last.candidate().str("finishReason"))
        assertEquals(
            Json.parseToJsonElement("""{"promptTokenCount":2,"candidatesTokenCount":${tokens.size},"totalTokenCount":${2 + tokens.size}}"""),
            last["usageMetadata"],
        )
        val request = server.lastRequest()!!
        assertEquals(WireFormat.GEMINI, request.format)
        assertEquals("gemini-2.5-flash", request.model())
        assertTrue(request.isStream())
        assertEquals("alt=sse", request.query)
        assertEquals("g-key", request.header("x-goog-api-key"))
        assertEquals("Hello Gemini", request.lastUserMessage())
    }

    @Test
    fun thoughtPartsWithSignatureThenWholeFunctionCallAndThoughtsInUsage() {
        server.enqueue(script {
            reasoning("Let me check.", signature = "sig-123")
            text("Checking.")
            toolCall("call_1", "get_weather", """{"city":"Paris"}""", fragmentLength = 3)
            usage(20, 10)
            finishReason(FinishReason.LENGTH)
        })

        val chunks = chunks(post(url(), body("Weather in Paris?")).body)

        val parts = chunks.dropLast(1).map { it.parts().single() }
        val thoughts = parts.filter { it["thought"]?.jsonPrimitive?.boolean == true }
        assertEquals("Let me check.", thoughts.joinToString("") { it.str("text") })
        assertEquals(listOf(null, null, "sig-123"), thoughts.map { it["thoughtSignature"]?.jsonPrimitive?.content })
        assertEquals("Checking.", parts.filter { it.containsKey("text") && !it.containsKey("thought") }.joinToString("") { it.str("text") })
        val call = parts.single { it.containsKey("functionCall") }.obj("functionCall")
        assertEquals(Json.parseToJsonElement("""{"id":"call_1","name":"get_weather","args":{"city":"Paris"}}"""), call)
        val last = chunks.last()
        assertEquals("MAX_TOKENS", last.candidate().str("finishReason"))
        assertEquals(
            Json.parseToJsonElement("""{"promptTokenCount":20,"candidatesTokenCount":7,"totalTokenCount":30,"thoughtsTokenCount":3}"""),
            last["usageMetadata"],
        )
    }

    @Test
    fun toolCallsFinishWithStopAndFilterWithSafety() {
        server.enqueue(ScriptBuilder().toolCall("c", "f", "{}").build(), ScriptBuilder().text("x").finishReason(FinishReason.CONTENT_FILTER).build())

        assertEquals("STOP", chunks(post(url(), body("a")).body).last().candidate().str("finishReason"))
        assertEquals("SAFETY", chunks(post(url(), body("b")).body).last().candidate().str("finishReason"))
    }

    @Test
    fun inStreamErrorEndsTheStreamWithGeminisErrorObject() {
        server.enqueue(ScriptBuilder().text("one two three").fault(Fault.StreamError(2, "UNAVAILABLE", "The model is overloaded.")).build())

        val chunks = chunks(post(url(), body("x")).body)

        assertEquals(listOf("one", " two"), chunks.dropLast(1).map { it.parts().single().str("text") })
        assertEquals(
            Json.parseToJsonElement("""{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"""),
            chunks.last(),
        )
    }

    @Test
    fun httpErrorUsesGeminisErrorShape() {
        server.enqueue(ScriptBuilder().text("x").fault(Fault.HttpError(429, message = "Quota exceeded.")).build())

        val result = post(url(), body("x"))

        assertEquals(429, result.status)
        assertEquals(
            Json.parseToJsonElement("""{"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED"}}"""),
            result.json(),
        )
    }

    @Test
    fun generateContentGivesOneResponseObject() {
        server.enqueue(script {
            reasoning("Hmm.", signature = "sig")
            text("The sky scatters blue light.")
            toolCall("c1", "lookup", """{"q":"sky"}""")
            usage(7, 6)
        })

        val result = post(url(model = "gemini-2.5-pro", stream = false), body("why?"))

        assertTrue(result.header("Content-Type")!!.startsWith("application/json"))
        val body = result.json()
        assertEquals("gemini-2.5-pro", body.str("modelVersion"))
        assertEquals(
            Json.parseToJsonElement(
                """[{"text":"Hmm.","thought":true,"thoughtSignature":"sig"},{"text":"The sky scatters blue light."},
                   {"functionCall":{"id":"c1","name":"lookup","args":{"q":"sky"}}}]""",
            ),
            body.candidate().obj("content")["parts"],
        )
        assertEquals("STOP", body.candidate().str("finishReason"))
        assertEquals(7, body.obj("usageMetadata").int("promptTokenCount"))
        assertFalse(server.lastRequest()!!.isStream())
    }

    @Test
    fun onlyPostToAModelMethodIsAGeminiEndpoint() {
        val result = post("${server.geminiBaseUrl}/v1beta/models/gemini-2.5-flash:countTokens", body("x"))

        assertEquals(404, result.status)
        assertNull(server.lastRequest()!!.format)
    }
}
