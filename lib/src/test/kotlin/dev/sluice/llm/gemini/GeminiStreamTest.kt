package dev.sluice.llm.gemini

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmProtocolException
import dev.sluice.llm.LlmStreamException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * The Gemini fixtures (the two shared conformance streams and our own) decode and accumulate to
 * their `.expected.json`, whole and fed as bytes in small pieces; failures carry their partial result.
 */
class GeminiStreamTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = ["gemini-text-thinking", "gemini-function-call", "gemini-streamed-args", "gemini-thinking-usage", "gemini-two-candidates"])
    fun completeStreamAccumulatesToExpected(name: String) {
        val decoded = decodeWhole(GeminiFixtures.body(name))
        assertNull(decoded.error, "$name: ${decoded.error}")
        assertTrue(decoded.result.isComplete, "$name: the body's end after every finishReason completes the stream")
        assertIs<LlmEvent.StreamCompleted>(decoded.events.last())
        assertMatches(GeminiFixtures.expected(name), reduceGemini(decoded.result), name)
        checkEventsAgreeWithResult(name, decoded)
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = [
        "gemini-text-thinking", "gemini-function-call", "gemini-streamed-args", "gemini-thinking-usage", "gemini-two-candidates",
        "gemini-interrupted", "gemini-wrong-type", "gemini-error-internal", "gemini-prompt-blocked",
    ])
    fun bytesInSmallPiecesGiveTheSameEventsAndResult(name: String) {
        val whole = decodeWhole(GeminiFixtures.body(name))
        for (size in listOf(1, 5, 13)) {
            val pieces = decodeInPieces(GeminiFixtures.body(name), size)
            assertEquals(whole.events, pieces.events, "$name in $size-byte pieces")
            assertEquals(whole.result, pieces.result, "$name in $size-byte pieces")
            assertEquals(whole.error?.javaClass, pieces.error?.javaClass, "$name in $size-byte pieces")
        }
    }

    @Test
    fun bodyEndingWithoutFinishReasonIsInterruptedWithThePartialResult() {
        val decoded = decodeWhole(GeminiFixtures.body("gemini-interrupted"))
        val e = assertIs<LlmInterruptedException>(decoded.error)
        assertTrue(e.message!!.contains("finishReason"), e.message)
        assertFalse(e.partial.isComplete)
        assertMatches(GeminiFixtures.expected("gemini-interrupted").getValue("partial").jsonObject, reduceGemini(e.partial), "partial")
        val call = e.partial.toolCalls.single()
        assertFalse(call.isComplete)
        assertEquals("""{"query":"prim""", call.arguments)
        assertTrue(decoded.events.none { it is LlmEvent.ToolCallCompleted || it is LlmEvent.StreamCompleted })
    }

    @Test
    fun oneCandidateUnfinishedAtTheEndIsInterrupted() {
        val body = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"finishReason\":\"STOP\",\"index\":0}," +
            "{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"index\":1}]}\n\n"
        assertIs<LlmInterruptedException>(decodeWhole(body).error)
    }

    @Test
    fun wrongTypeIsAProtocolErrorAndLenientModeSkipsIt() {
        val expected = GeminiFixtures.expected("gemini-wrong-type")
        val strict = decodeWhole(GeminiFixtures.body("gemini-wrong-type"))
        val e = assertIs<LlmProtocolException>(strict.error)
        assertEquals(expected.getValue("protocol_error").jsonObject.getValue("reason").jsonPrimitive.content, e.reason)
        assertMatches(expected.getValue("partial").jsonObject, reduceGemini(e.partial), "partial")

        val lenient = decodeWhole(GeminiFixtures.body("gemini-wrong-type"), lenient = true)
        assertNull(lenient.error)
        val lenientExpected = expected.getValue("lenient").jsonObject
        assertEquals(lenientExpected.getValue("skipped").jsonPrimitive.int, lenient.result.skippedEvents)
        assertTrue(lenient.result.isComplete)
        assertMatches(JsonObject(lenientExpected - "skipped"), reduceGemini(lenient.result), "lenient")
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = ["gemini-error-internal", "gemini-prompt-blocked"])
    fun inStreamErrorFailsWithTypeCodeAndPartial(name: String) {
        val expected = GeminiFixtures.expected(name)
        val e = assertIs<LlmStreamException>(decodeWhole(GeminiFixtures.body(name)).error)
        val error = expected.getValue("stream_error").jsonObject
        assertEquals(error.getValue("type").jsonPrimitive.content, e.errorType)
        assertEquals(error.getValue("code").jsonPrimitive.content, e.errorCode)
        assertEquals(error.getValue("message").jsonPrimitive.content, e.providerMessage)
        assertEquals(error.getValue("retryable").jsonPrimitive.boolean, e.isRetryable)
        assertMatches(expected.getValue("partial").jsonObject, reduceGemini(e.partial), "$name partial")
    }

    @Test
    fun usageCountsThoughtsAsReasoningInsideTheOutput() {
        val usage = decodeWhole(GeminiFixtures.body("gemini-thinking-usage")).result.usage!!
        assertEquals(12L, usage.inputTokens)
        assertEquals(49L, usage.outputTokens) // candidates 9 + thoughts 40
        assertEquals(61L, usage.totalTokens)
        assertEquals(40L, usage.reasoningTokens)
        assertEquals(8L, usage.cachedInputTokens)
    }

    @Test
    fun finishStopWithFunctionCallsMeansToolCalls() {
        val result = decodeWhole(GeminiFixtures.body("gemini-function-call")).result
        val choice = result.choices.single()
        assertEquals("STOP", choice.rawFinishReason)
        assertEquals(LlmFinishReason.TOOL_CALLS, choice.finishReason)
        assertEquals(LlmFinishReason.STOP, decodeWhole(GeminiFixtures.body("gemini-text-thinking")).result.choices.single().finishReason)
        val two = decodeWhole(GeminiFixtures.body("gemini-two-candidates")).result.choices
        assertEquals(listOf(LlmFinishReason.STOP, LlmFinishReason.LENGTH), two.map { it.finishReason })
    }

    @Test
    fun streamedArgumentsArriveAsExactTextPieces() {
        val decoded = decodeWhole(GeminiFixtures.body("gemini-streamed-args"))
        val pieces = decoded.events.filterIsInstance<LlmEvent.ToolCallArgumentsDelta>().filter { it.index == 0 }.map { it.delta }
        assertEquals(
            listOf(
                "{\"title\":\"Crêpes \\\"fines\\\" ", "au citron\"", ",\"servings\":4", ",\"ingredients\":[{\"name\":\"flour\"",
                ",\"grams\":250.5", "},{\"name\":\"eggs\"", ",\"optional\":false", "}],\"notes\":null", "}",
            ),
            pieces,
        )
        val calls = decoded.result.toolCalls
        assertEquals(listOf("fc-1", "fc-2"), calls.map { it.id })
        assertEquals("""{"channel":"email"}""", calls[1].arguments)
        assertTrue(calls.all { it.isComplete })
    }

    @Test
    fun firstSignatureIsTheReasoningSignatureAndEachStaysOnItsPart() {
        val fc = decodeWhole(GeminiFixtures.body("gemini-function-call")).result
        assertEquals("c2lnLWF1dGhvcmVk", fc.choices.single().reasoningSignature)
        val fcParts = parts(fc.toProviderJson())
        assertEquals("""{"text":"Let me look that up."}""", fcParts[0].toString())
        assertEquals(
            """{"functionCall":{"name":"get_weather","args":{"city":"Lyon","unit":"celsius","days":[1,2]}},"thoughtSignature":"c2lnLWF1dGhvcmVk"}""",
            fcParts[1].toString(),
        )

        val thinking = decodeWhole(GeminiFixtures.body("gemini-thinking-usage")).result
        assertEquals("c2lnLXRoaW5raW5n", thinking.choices.single().reasoningSignature)
        assertEquals(
            listOf(
                """{"text":"**Planning** the answer. Two facts suffice.","thought":true}""",
                """{"text":"Water boils at 100 °C at sea level.","thoughtSignature":"c2lnLXRoaW5raW5n"}""",
            ),
            parts(thinking.toProviderJson()).map { it.toString() },
        )
    }

    @Test
    fun renderedResponseHasGeminisNonStreamingShape() {
        val json = Json.parseToJsonElement(decodeWhole(GeminiFixtures.body("gemini-text-thinking")).result.toProviderJson()).jsonObject
        assertEquals(listOf("candidates", "usageMetadata", "modelVersion", "responseId"), json.keys.toList())
        val candidate = json.getValue("candidates").jsonArray.single().jsonObject
        assertEquals(listOf("index", "content", "finishReason"), candidate.keys.toList())
        assertEquals("model", candidate.getValue("content").jsonObject.getValue("role").jsonPrimitive.content)
    }

    @Test
    fun unknownPartsAndChunksAreKept() {
        val body = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Run:\"},{\"executableCode\":{\"language\":\"PYTHON\",\"code\":\"print(1)\"}}," +
            "{\"text\":\" done\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"responseId\":\"r\"}\n\ndata: {\"somethingNew\":1}\n\n"
        val decoded = decodeWhole(body)
        assertNull(decoded.error)
        assertEquals(
            listOf("""{"text":"Run:"}""", """{"executableCode":{"language":"PYTHON","code":"print(1)"}}""", """{"text":" done"}"""),
            parts(decoded.result.toProviderJson()).map { it.toString() },
        )
        assertTrue(decoded.events.any { it is LlmEvent.Unknown })
    }

    @Test
    fun partialArgsOutOfOrderIsAProtocolError() {
        val body = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\",\"willContinue\":true," +
            "\"partialArgs\":[{\"jsonPath\":\"$.a[1]\",\"numberValue\":1}]}}]}}]}\n\n"
        val e = assertIs<LlmProtocolException>(decodeWhole(body).error)
        assertTrue(e.reason.contains("skips to index 1"), e.reason)
    }

    private fun parts(json: String) = Json.parseToJsonElement(json).jsonObject.getValue("candidates").jsonArray.single().jsonObject
        .getValue("content").jsonObject.getValue("parts").jsonArray.map { it.jsonObject }

    /** The neutral events tell the same story as the accumulated result. */
    private fun checkEventsAgreeWithResult(name: String, decoded: GeminiDecoded) {
        val events = decoded.events
        assertIs<LlmEvent.StreamStarted>(events.first(), name)
        assertEquals(1, events.count { it is LlmEvent.StreamStarted }, name)
        for (choice in decoded.result.choices) {
            val i = choice.index
            assertEquals(choice.text.orEmpty(), events.filterIsInstance<LlmEvent.TextDelta>().filter { it.choiceIndex == i }.joinToString("") { it.text }, name)
            assertEquals(choice.reasoning.orEmpty(), events.filterIsInstance<LlmEvent.ReasoningDelta>().filter { it.choiceIndex == i }.joinToString("") { it.text }, name)
            for (call in choice.toolCalls) {
                val args = events.filterIsInstance<LlmEvent.ToolCallArgumentsDelta>().filter { it.choiceIndex == i && it.index == call.index }
                assertEquals(call.arguments, args.joinToString("") { it.delta }, "$name: argument deltas of call ${call.index}")
                val completed = events.filterIsInstance<LlmEvent.ToolCallCompleted>().single { it.choiceIndex == i && it.index == call.index }
                assertEquals(call.arguments, completed.arguments, name)
                assertEquals(call.name, completed.name, name)
                assertEquals(1, events.count { it is LlmEvent.ToolCallStarted && it.choiceIndex == i && it.index == call.index }, name)
                Json.parseToJsonElement(call.arguments) // exact, valid JSON
            }
            assertEquals(choice.rawFinishReason, events.filterIsInstance<LlmEvent.Finished>().last { it.choiceIndex == i }.rawFinishReason, name)
        }
        decoded.result.usage?.let { assertEquals(it, events.filterIsInstance<LlmEvent.Usage>().last().usage, name) }
    }
}
