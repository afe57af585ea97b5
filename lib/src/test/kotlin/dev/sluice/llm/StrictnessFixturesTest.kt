package dev.sluice.llm

import dev.sluice.llm.client.requestFor
import dev.sluice.llm.request.Provider
import dev.sluice.metrics.MetricsListener
import io.ktor.client.engine.mock.MockEngine
import io.ktor.client.engine.mock.respond
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpStatusCode
import io.ktor.http.headersOf
import kotlinx.coroutines.runBlocking
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * One broken stream per provider (`fixtures/llm-strict`, described in `strictness-cases.json`):
 * a known field of the wrong type or data that is not JSON. Strict decoding fails with
 * [LlmProtocolException] naming the event and carrying what came before; lenient decoding skips
 * the event, counts it, and keeps everything else.
 */
class StrictnessFixturesTest {
    class Case(val spec: JsonObject) {
        val fixture: String = spec.getValue("fixture").jsonPrimitive.content
        val provider: Provider = Provider.valueOf(spec.getValue("provider").jsonPrimitive.content)
        override fun toString(): String = fixture
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    fun strictDecodingFailsWithTheEventAndThePartial(case: Case) {
        val outcome = decode(case, lenient = false)
        val e = assertIs<LlmProtocolException>(outcome.error, "strict decoding of ${case.fixture}")
        assertTrue(e.reason.contains(case.spec.str("reason")!!), "reason '${e.reason}' names ${case.spec.str("reason")}")
        assertEquals(case.spec.str("event"), e.eventType)
        assertEquals("protocol_error", e.errorType)
        assertFalse(e.isRetryable)
        assertEquals(case.spec.str("partial_text"), e.partial.text)
        assertFalse(e.partial.isComplete)
        if (case.fixture.endsWith(".sse")) {
            val body = LlmFixtures.text("fixtures/llm-strict/${case.fixture}").toByteArray(Charsets.UTF_8)
            assertTrue(e.offset in 0 until body.size, "offset ${e.offset} inside the body")
            assertTrue(String(body, e.offset.toInt(), body.size - e.offset.toInt(), Charsets.UTF_8).let {
                it.startsWith("data:") || it.startsWith("event:")
            }, "offset ${e.offset} points at the event's first line")
        }
        assertTrue(e.message!!.contains(e.excerpt.take(20)), "the message quotes the data: ${e.message}")
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    fun lenientDecodingSkipsAndCountsTheEvent(case: Case) {
        val outcome = decode(case, lenient = true)
        assertNull(outcome.error, "lenient decoding of ${case.fixture}")
        assertEquals(1, outcome.result.skippedEvents)
        assertEquals(1, outcome.skippedReasons.size)
        assertTrue(outcome.result.isComplete)
        assertEquals(case.spec.str("lenient_text"), outcome.result.text)
        case.spec.str("lenient_arguments")?.let { assertEquals(it, outcome.result.toolCalls.single().arguments) }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    fun lenientClientCountsSkippedEventsInItsMetrics(case: Case): Unit = runBlocking {
        val body = LlmFixtures.text("fixtures/llm-strict/${case.fixture}")
        val type = if (case.fixture.endsWith(".ndjson")) "application/x-ndjson" else "text/event-stream"
        val engine = MockEngine { respond(body, HttpStatusCode.OK, headersOf(HttpHeaders.ContentType, type)) }
        val heard = ArrayList<String>()
        val listener = object : MetricsListener {
            override fun onSkippedEvent(reason: String) {
                heard += reason
            }
        }
        val options = LlmClientOptions().apply { this.engine = engine; this.lenient = true; metricsListener = listener }
        val result = LlmClient(case.provider, "http://127.0.0.1:9/v1", "k").let { plain ->
            plain.close()
            LlmClient(plain.config, options)
        }.use { it.complete(requestFor()) }
        assertEquals(1, result.skippedEvents)
        assertEquals(1, result.metrics!!.skippedEvents)
        assertTrue(result.metrics!!.toString().contains("skippedEvents=1"))
        assertEquals(1, heard.size)
        assertTrue(heard.single().contains(case.spec.str("reason")!!), heard.single())
        assertEquals(case.spec.str("lenient_text"), result.text)
    }

    private class Outcome(val result: LlmResult, val error: Throwable?, val skippedReasons: List<String>)

    private fun decode(case: Case, lenient: Boolean): Outcome {
        val body = LlmFixtures.text("fixtures/llm-strict/${case.fixture}")
        val decoder = LlmStreamDecoder(case.provider, lenient)
        val reasons = ArrayList<String>()
        decoder.onSkipped = { reasons += it }
        val error = runCatching {
            if (case.fixture.endsWith(".ndjson")) {
                body.lines().forEach { decoder.feedLine(it) }
            } else {
                val events = ArrayList<ServerSentEvent>()
                SseDecoder({ events += it }).apply { feed(body.toByteArray(Charsets.UTF_8)); end() }
                events.forEach { decoder.feed(it) }
            }
            decoder.end()
        }.exceptionOrNull()
        val result = (error as? LlmStreamException)?.partial ?: decoder.snapshot()
        return Outcome(result, error, reasons)
    }

    companion object {
        @JvmStatic
        fun cases(): List<Case> =
            Json.parseToJsonElement(LlmFixtures.text("fixtures/llm-strict/strictness-cases.json")).jsonArray.map { Case(it.jsonObject) }

        private fun JsonObject.str(name: String): String? = get(name)?.jsonPrimitive?.contentOrNull
    }
}
