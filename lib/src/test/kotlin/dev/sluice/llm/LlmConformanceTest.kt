package dev.sluice.llm

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import dev.sluice.llm.request.Provider
import dev.sluice.ndjson.decodeNdjson
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Every recorded stream (the shared conformance set and our own quirk fixtures) decodes, through
 * the codec alone, to its `.expected.json`; error fixtures fail with the expected type, message,
 * retryability and partial result.
 */
class LlmConformanceTest {
    @Test
    fun everySharedConformanceFileIsHere() {
        assertEquals(8, conformance().size, "conformance/llm should hold the 8 shared recorded streams")
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformance")
    fun conformanceStreamAccumulatesToExpected(path: String) = check(path)

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    fun quirkFixtureAccumulatesToExpected(path: String) = check(path)

    /** The same streams as bytes in 7-byte pieces, through `decodeLlmBody`. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("conformance", "fixtures")
    fun byteFlowInSmallPiecesGivesTheSameResult(path: String) = runBlocking {
        val provider = LlmFixtures.providerOf(path.substringAfterLast('/'))
        val bytes = LlmFixtures.text(path).toByteArray(Charsets.UTF_8)
        val pieces = (bytes.indices step 7).map { bytes.copyOfRange(it, minOf(it + 7, bytes.size)) }.asFlow()
        val decoder = LlmStreamDecoder(provider)
        val events = ArrayList<LlmEvent>()
        val error = runCatching {
            pieces.decodeLlmBody(decoder).collect { events += it }
        }.exceptionOrNull()
        val pushed = decodeBody(provider, LlmFixtures.text(path))
        assertEquals(pushed.error?.errorType, (error as? LlmStreamException)?.errorType, path)
        assertEquals(pushed.result, decoder.snapshot(), path)
        assertEquals(pushed.events, events, path)
    }

    private fun check(path: String) {
        val name = path.substringAfterLast('/')
        val provider = LlmFixtures.providerOf(name)
        val decoded = decodeBody(provider, LlmFixtures.text(path))
        val expected = LlmFixtures.json(LlmFixtures.expectedPath(path))
        val streamError = expected["stream_error"]?.jsonObject
        if (streamError == null) {
            assertNull(decoded.error, "$name: unexpected stream error")
            // Two recorded Anthropic bodies end without the blank line that dispatches their last
            // event (`message_stop`); LLM decoding dispatches such a final event, so they complete.
            assertTrue(decoded.result.isComplete, "$name: terminal event seen")
            assertEquals(LlmEventKind.STREAM_COMPLETED, decoded.events.last().kind, "$name: last event")
            assertMatchesExpected(expected, reduced(provider, decoded.result), name)
        } else {
            val e = assertNotNull(decoded.error, "$name: the stream error was not raised")
            assertEquals(streamError["type"]!!.jsonPrimitive.content, e.errorType, name)
            assertEquals(streamError["message"]!!.jsonPrimitive.content, e.providerMessage, name)
            assertEquals(streamError["retryable"]!!.jsonPrimitive.boolean, e.isRetryable, name)
            assertTrue(e.message!!.contains(e.errorType), "the exception message names the error type: ${e.message}")
            assertMatchesExpected(expected.getValue("partial").jsonObject, reduced(provider, e.partial), "$name partial")
        }
        checkEventsAgreeWithResult(name, decoded)
    }

    /** The neutral events tell the same story as the accumulated result. */
    private fun checkEventsAgreeWithResult(name: String, decoded: Decoded) {
        val events = decoded.events
        val result = decoded.result
        if (events.isNotEmpty()) assertEquals(LlmEventKind.STREAM_STARTED, events.first().kind, "$name: first event")
        if (events.isNotEmpty()) assertEquals(1, events.count { it is LlmEvent.StreamStarted }, "$name: one StreamStarted")
        for (choice in result.choices) {
            val text = events.filterIsInstance<LlmEvent.TextDelta>().filter { it.choiceIndex == choice.index }.joinToString("") { it.text }
            assertEquals(choice.text.orEmpty(), text, "$name: text deltas of choice ${choice.index}")
            val reasoning = events.filterIsInstance<LlmEvent.ReasoningDelta>().filter { it.choiceIndex == choice.index }.joinToString("") { it.text }
            assertEquals(choice.reasoning.orEmpty(), reasoning, "$name: reasoning deltas of choice ${choice.index}")
            val refusal = events.filterIsInstance<LlmEvent.RefusalDelta>().filter { it.choiceIndex == choice.index }.joinToString("") { it.text }
            assertEquals(choice.refusal.orEmpty(), refusal, "$name: refusal deltas of choice ${choice.index}")
            for (call in choice.toolCalls) {
                val started = events.filterIsInstance<LlmEvent.ToolCallStarted>().filter { it.choiceIndex == choice.index && it.index == call.index }
                assertEquals(1, started.size, "$name: one ToolCallStarted for tool ${call.index}")
                val args = events.filterIsInstance<LlmEvent.ToolCallArgumentsDelta>()
                    .filter { it.choiceIndex == choice.index && it.index == call.index }.joinToString("") { it.delta }
                if (args.isEmpty()) {
                    assertTrue(call.arguments.isEmpty() || call.arguments == "{}", "$name: tool ${call.index} without argument deltas")
                } else {
                    assertEquals(call.arguments, args, "$name: argument deltas of tool ${call.index}")
                }
                val completed = events.filterIsInstance<LlmEvent.ToolCallCompleted>().filter { it.choiceIndex == choice.index && it.index == call.index }
                if (call.isComplete) {
                    assertEquals(1, completed.size, "$name: one ToolCallCompleted for tool ${call.index}")
                    assertEquals(call.arguments, completed.single().arguments, "$name: completed arguments")
                    assertEquals(call.id, completed.single().id)
                    assertEquals(call.name, completed.single().name)
                } else {
                    assertTrue(completed.isEmpty(), "$name: an incomplete tool call was announced complete")
                }
            }
            if (choice.rawFinishReason != null && decoded.error == null) {
                val finished = events.filterIsInstance<LlmEvent.Finished>().filter { it.choiceIndex == choice.index }
                assertEquals(choice.rawFinishReason, finished.lastOrNull()?.rawFinishReason, "$name: Finished of choice ${choice.index}")
            }
        }
        result.usage?.let { usage -> assertEquals(usage, events.filterIsInstance<LlmEvent.Usage>().lastOrNull()?.usage, "$name: last Usage event") }
        events.forEach { assertTrue(it.raw.data.isNotEmpty(), "$name: raw data of $it") }
    }

    private fun reduced(provider: Provider, result: LlmResult): JsonObject =
        reduceToExpectedShape(provider, Json.parseToJsonElement(result.toProviderJson()).jsonObject)

    companion object {
        @JvmStatic
        fun conformance(): List<String> = LlmFixtures.streams("conformance/llm").map { "conformance/llm/$it" }

        /** Gemini fixtures have their own shape and test (`GeminiStreamTest`). */
        @JvmStatic
        fun fixtures(): List<String> =
            LlmFixtures.streams("fixtures/llm").filterNot { it.startsWith("gemini") }.map { "fixtures/llm/$it" }
    }
}
