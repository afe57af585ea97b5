package dev.sluice.llm

import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseEvent
import dev.sluice.sse.decodeSse
import dev.sluice.sse.writeSse
import io.ktor.utils.io.ByteChannel
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertTrue

/** The flow operators: a recorded stream relayed to a channel, errors, cancellation, browser text. */
@Timeout(20)
class LlmSseFlowTest {
    @Test
    fun aStreamRelayedThroughAChannelDecodesToTheSameAnswer() = runBlocking {
        val path = "conformance/llm/anthropic-text-then-tool-use.sse"
        val original = decodeBody(Provider.ANTHROPIC, LlmFixtures.text(path)).result
        val channel = ByteChannel()
        val relayed = async { channel.decodeSse().accumulateLlm(Provider.OPENAI_CHAT) }
        channel.writeSse(recorded(path, Provider.ANTHROPIC).toSse(Provider.OPENAI_CHAT))
        channel.flushAndClose()
        val result = relayed.await()
        assertTrue(result.isComplete)
        assertEquals(original.text, result.text)
        assertEquals(original.toolCalls.map { it.id to it.arguments }, result.toolCalls.map { it.id to it.arguments })
        assertEquals(LlmFinishReason.TOOL_CALLS, result.choices.single().finishReason)
    }

    @Test
    fun aProviderErrorIsSentInTheTargetFormatThenRethrown() = runBlocking {
        for ((path, source) in listOf(
            "fixtures/llm/anthropic-error-overloaded.sse" to Provider.ANTHROPIC,
            "fixtures/llm/openai-chat-error.sse" to Provider.OPENAI_CHAT,
        )) {
            val original = assertIs<LlmStreamException>(decodeBody(source, LlmFixtures.text(path)).error)
            for (target in listOf(Provider.OPENAI_CHAT, Provider.ANTHROPIC)) {
                val frames = ArrayList<SseEvent>()
                val thrown = assertFailsWith<LlmStreamException> { recorded(path, source).toSse(target).collect { frames += it } }
                assertEquals(original.errorType, thrown.errorType, "the caller sees the original error")
                val again = assertIs<LlmStreamException>(decodeBody(target, LlmSseRoundTripTest.write(frames)).error, "$path as ${target.id}")
                assertEquals(original.errorType, again.errorType, "$path as ${target.id}")
                assertEquals(original.providerMessage, again.providerMessage, "$path as ${target.id}")
                assertEquals(original.partial.text, again.partial.text, "$path as ${target.id}: the text before the error")
            }
        }
    }

    @Test
    fun aFailureThatIsNotTheProvidersSaysNothingInternal() = runBlocking {
        val failing = flow<LlmEvent> { throw IllegalStateException("secret at /internal/path") }
        val frames = ArrayList<SseEvent>()
        assertFailsWith<IllegalStateException> { failing.toSse(Provider.ANTHROPIC).collect { frames += it } }
        assertEquals(
            listOf(SseEvent("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"the upstream stream failed\"}}", "error")),
            frames,
        )
    }

    @Test
    fun cancellingTheRelaySendsNoErrorFrame() = runBlocking {
        val path = "conformance/llm/openai-chat-text-usage.sse"
        val frames = recorded(path, Provider.OPENAI_CHAT).toSse(Provider.OPENAI_CHAT).take(2).toList()
        assertEquals(2, frames.size)
        assertTrue(frames.none { it.data!!.contains("\"error\"") })
    }

    @Test
    fun unsupportedProvidersFailAtOnce() {
        assertFailsWith<IllegalArgumentException> { flowOf<LlmEvent>().toSse(Provider.OPENAI_RESPONSES) }
    }

    @Test
    fun browserTextEventsCarryTheTextWithIncrementingIdsThenDone() = runBlocking {
        val path = "conformance/llm/openai-chat-text-usage.sse"
        val original = decodeBody(Provider.OPENAI_CHAT, LlmFixtures.text(path)).result
        val events = browser(recorded(path, Provider.OPENAI_CHAT).toTextSse())
        val deltas = events.dropLast(1)
        assertTrue(deltas.isNotEmpty() && deltas.all { it.type == "delta" })
        assertEquals(original.text, deltas.joinToString("") { it.data })
        assertEquals((1..events.size).map { it.toString() }, events.map { it.id })
        val done = events.last()
        assertEquals("done", done.type)
        val json = Json.parseToJsonElement(done.data).jsonObject
        assertEquals("stop", json["finish_reason"]!!.jsonPrimitive.content)
        assertEquals(original.usage!!.outputTokens, json["usage"]!!.jsonObject["output_tokens"]!!.jsonPrimitive.long)
    }

    @Test
    fun browserTextErrorsAreErrorEvents() = runBlocking {
        val path = "fixtures/llm/anthropic-error-overloaded.sse"
        val frames = ArrayList<SseEvent>()
        assertFailsWith<LlmStreamException> { recorded(path, Provider.ANTHROPIC).toTextSse().collect { frames += it } }
        val events = browser(frames.asFlowOf())
        assertEquals(listOf("delta", "error"), events.map { it.type })
        assertEquals(listOf("1", "2"), events.map { it.id })
        assertEquals("{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}", events.last().data)
    }

    @Test
    fun browserTextLineBreaksArriveAsLf() = runBlocking {
        val raw = LlmRawEvent(null, "{}")
        val events = browser(flowOf(LlmEvent.TextDelta(0, "a\r\nb\rc\n", raw), LlmEvent.StreamCompleted(raw)).toTextSse())
        assertEquals("a\nb\nc\n", events.first().data)
    }

    /** A recorded body decoded to neutral events, as `decodeLlmBody` gives them. */
    private fun recorded(path: String, provider: Provider): Flow<LlmEvent> =
        flowOf(LlmFixtures.text(path).toByteArray()).decodeLlmBody(LlmStreamDecoder(provider))

    /** What a browser's `EventSource` receives for [frames]. */
    private suspend fun browser(frames: Flow<SseEvent>): List<ServerSentEvent> {
        val channel = ByteChannel()
        channel.writeSse(frames)
        channel.flushAndClose()
        return channel.decodeSse().toList()
    }

    private fun List<SseEvent>.asFlowOf(): Flow<SseEvent> = flowOf(*toTypedArray())
}
