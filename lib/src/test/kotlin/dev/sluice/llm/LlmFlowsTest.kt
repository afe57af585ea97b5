package dev.sluice.llm

import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** The Kotlin flow entry points: terminal events end the flow at once and release the source. */
@Timeout(10, unit = TimeUnit.SECONDS)
class LlmFlowsTest {
    /** Emits [events], then hangs like a server that keeps the connection open; records cancellation. */
    private fun <T> hangingSource(events: List<T>, cancelled: AtomicBoolean): Flow<T> = flow {
        try {
            events.forEach { emit(it) }
            awaitCancellation()
        } finally {
            cancelled.set(true)
        }
    }

    private fun recorded(name: String): List<ServerSentEvent> = sseEvents(LlmFixtures.text(name))

    @Test
    fun doneEndsTheFlowAndCancelsASourceThatNeverCompletes() = runBlocking {
        val cancelled = AtomicBoolean(false)
        val source = recorded("conformance/llm/openai-chat-text-usage.sse")
        val events = withTimeout(5_000) { hangingSource(source, cancelled).decodeLlm(Provider.OPENAI_CHAT).toList() }
        assertTrue(cancelled.get(), "the source was not cancelled after [DONE]")
        assertEquals(listOf(LlmEventKind.USAGE, LlmEventKind.STREAM_COMPLETED), events.takeLast(2).map { it.kind })
        assertEquals(30L, (events[events.size - 2] as LlmEvent.Usage).usage.outputTokens)
    }

    @Test
    fun everyProvidersTerminalEventEndsAHangingStream() = runBlocking {
        val cases = mapOf(
            Provider.ANTHROPIC to "conformance/llm/anthropic-thinking-signature.sse",
            Provider.OPENAI_RESPONSES to "conformance/llm/openai-responses-text.sse",
            Provider.OPENAI_CHAT to "conformance/llm/openai-chat-parallel-tools.sse",
        )
        for ((provider, path) in cases) {
            val cancelled = AtomicBoolean(false)
            val decoder = LlmStreamDecoder(provider)
            withTimeout(5_000) { hangingSource(recorded(path), cancelled).decodeLlm(decoder).collect() }
            assertTrue(cancelled.get(), "$path: source not cancelled")
            assertTrue(decoder.snapshot().isComplete, "$path: not complete")
        }
    }

    @Test
    fun ollamaDoneLineEndsAHangingNdjsonStream() = runBlocking {
        val cancelled = AtomicBoolean(false)
        val lines: List<JsonElement> = LlmFixtures.text("fixtures/llm/ollama-text.ndjson").lines().filter { it.isNotBlank() }
            .map { Json.parseToJsonElement(it) }
        val decoder = LlmStreamDecoder(Provider.OLLAMA)
        val events = withTimeout(5_000) { hangingSource(lines, cancelled).decodeLlm(decoder).toList() }
        assertTrue(cancelled.get())
        assertEquals(listOf(LlmEventKind.FINISHED, LlmEventKind.STREAM_COMPLETED), events.takeLast(2).map { it.kind })
        assertEquals("The sky is blue.", decoder.snapshot().text)
    }

    @Test
    fun aBodyWhoseBytesNeverEndStopsAtTheTerminalEvent() = runBlocking {
        val cancelled = AtomicBoolean(false)
        val body = LlmFixtures.text("conformance/llm/openai-chat-text-usage.sse").toByteArray()
        val reads = (body.indices step 7).map { body.copyOfRange(it, minOf(it + 7, body.size)) }
        val decoder = LlmStreamDecoder(Provider.OPENAI_CHAT)
        val events = withTimeout(5_000) { hangingSource(reads, cancelled).decodeLlmBody(decoder).toList() }
        assertTrue(cancelled.get(), "the byte source was not cancelled after [DONE]")
        assertEquals(LlmEventKind.STREAM_COMPLETED, events.last().kind)
        assertTrue(decoder.snapshot().isComplete)
        assertEquals(decoder.snapshot().text, events.filterIsInstance<LlmEvent.TextDelta>().joinToString("") { it.text })
    }

    @Test
    fun aStreamDecodedInsideAnotherStopsOnlyItself() = runBlocking {
        // The inner collection's stop at its terminal event must not end the outer one.
        val source = recorded("conformance/llm/openai-chat-text-usage.sse")
        val outer = ArrayList<LlmEventKind>()
        var innerRuns = 0
        source.asFlow().decodeLlm(Provider.OPENAI_CHAT).collect { event ->
            outer += event.kind
            if (event is LlmEvent.TextDelta) {
                source.asFlow().decodeLlm(Provider.OPENAI_CHAT).collect()
                innerRuns++
            }
        }
        assertEquals(LlmEventKind.STREAM_COMPLETED, outer.last())
        assertEquals(outer.count { it == LlmEventKind.TEXT_DELTA }, innerRuns)
        assertTrue(innerRuns > 1)
    }

    @Test
    fun aCollectorsOwnCancellationIsNotTakenForTheTerminalStop() = runBlocking {
        val mine = kotlinx.coroutines.CancellationException("the collector gave up")
        val thrown = assertFailsWith<kotlinx.coroutines.CancellationException> {
            recorded("conformance/llm/openai-chat-text-usage.sse").asFlow().decodeLlm(Provider.OPENAI_CHAT).collect { throw mine }
        }
        assertTrue(thrown === mine, "got $thrown")
    }

    @Test
    fun eventsAfterTheTerminalEventAreNeverEmitted() = runBlocking {
        val events = recorded("fixtures/llm/openai-chat-done-then-trailing.sse").asFlow().decodeLlm(Provider.OPENAI_CHAT).toList()
        val text = events.filterIsInstance<LlmEvent.TextDelta>().joinToString("") { it.text }
        assertEquals("Hello", text)
        assertEquals(1, events.count { it is LlmEvent.Unknown })
        assertEquals(listOf(LlmEventKind.FINISHED, LlmEventKind.STREAM_COMPLETED), events.takeLast(2).map { it.kind })
    }

    @Test
    fun streamErrorIsThrownFromTheFlowAfterTheEventsBeforeIt() = runBlocking {
        val seen = ArrayList<LlmEvent>()
        val e = assertFailsWith<LlmStreamException> {
            recorded("fixtures/llm/anthropic-error-overloaded.sse").asFlow().decodeLlm(Provider.ANTHROPIC).collect { seen += it }
        }
        assertEquals("overloaded_error", e.errorType)
        assertEquals("Once upon", seen.filterIsInstance<LlmEvent.TextDelta>().joinToString("") { it.text })
        assertEquals("", e.partial.text, "the events view accumulates no text: the caller has it already")
        assertEquals(e.partial.id, seen.filterIsInstance<LlmEvent.StreamStarted>().single().id)
        val accumulated = assertFailsWith<LlmStreamException> {
            recorded("fixtures/llm/anthropic-error-overloaded.sse").asFlow().decodeLlm(LlmStreamDecoder(Provider.ANTHROPIC)).collect()
        }
        assertEquals("Once upon", accumulated.partial.text)
    }

    /** Found by LlmDecoderFuzzTest: the events view kept every completed tool call's arguments. */
    @Test
    fun eventsViewKeepsNoToolArgumentsEither() = runBlocking {
        val events = listOf(
            """{"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}}]}""",
            """{"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
        ).map { ServerSentEvent("message", it, null) } // and the stream breaks off before [DONE]
        val seen = ArrayList<LlmEvent>()
        val e = assertFailsWith<LlmInterruptedException> { events.asFlow().decodeLlm(Provider.OPENAI_CHAT).collect { seen += it } }
        assertEquals("""{"city":"Paris"}""", seen.filterIsInstance<LlmEvent.ToolCallCompleted>().single().arguments)
        val call = e.partial.toolCalls.single()
        assertEquals("get_weather", call.name)
        assertEquals("", call.arguments, "the events view keeps no arguments: the caller has them")
    }

    @Test
    fun responsesErrorIsRaisedOnlyAtTheTerminalEvent() = runBlocking {
        val kinds = ArrayList<LlmEventKind>()
        val e = assertFailsWith<LlmStreamException> {
            recorded("fixtures/llm/openai-responses-error-then-failed.sse").asFlow().decodeLlm(Provider.OPENAI_RESPONSES)
                .collect { kinds += it.kind }
        }
        assertEquals("response.failed", e.rawEvent?.type)
        assertEquals("failed", e.partial.status)
        assertEquals(
            listOf(LlmEventKind.STREAM_STARTED, LlmEventKind.TEXT_DELTA, LlmEventKind.TEXT_DELTA),
            kinds.filter { it != LlmEventKind.PROVIDER_EVENT },
        )
    }

    @Test
    fun eachCollectionDecodesAfresh() = runBlocking {
        val flow = recorded("conformance/llm/openai-chat-n3-choices.sse").asFlow().decodeLlm(Provider.OPENAI_CHAT)
        assertEquals(flow.toList(), flow.toList())
    }

    @Test
    fun accumulateReturnsTheFinalMessage() = runBlocking {
        val result = recorded("conformance/llm/anthropic-text-then-tool-use.sse").asFlow().accumulateLlm(Provider.ANTHROPIC)
        assertEquals("I'll check the current weather in Paris for you.", result.text)
        assertEquals("{\"location\":\"Paris\"}", result.toolCalls.single().argumentsJson())
        assertTrue(result.isComplete, "the final event without its blank line still counts in LLM streams")
    }
}
