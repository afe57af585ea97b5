package dev.sluice.llm

import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

/**
 * `maxAccumulatedChars` counts tool arguments that arrive whole with the completed call, not only
 * those streamed as deltas (found by LlmDecoderFuzzTest: an Anthropic tool block's whole `input`
 * passed the cap uncounted, so a stream of such blocks grew without bound).
 */
class AccumulationCapTest {
    private fun sse(type: String, data: String) = ServerSentEvent(type, data, null)

    private val anthropicWholeInput = listOf(
        sse("message_start", """{"type":"message_start","message":{"id":"msg_1","model":"m"}}"""),
        sse("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t1","name":"get_weather","input":{"city":"Paris"}}}"""),
        sse("content_block_stop", """{"type":"content_block_stop","index":0}"""),
    )

    private val responsesWholeArguments = listOf(
        sse("response.output_item.added", """{"type":"response.output_item.added","output_index":0,"item":{"type":"function_call","id":"fc_1","call_id":"c1","name":"get_weather"}}"""),
        sse("response.output_item.done", """{"type":"response.output_item.done","output_index":0,"item":{"type":"function_call","id":"fc_1","call_id":"c1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}"""),
    )

    @Test
    fun wholeToolArgumentsCountAgainstTheCap() {
        for ((provider, events) in listOf(Provider.ANTHROPIC to anthropicWholeInput, Provider.OPENAI_RESPONSES to responsesWholeArguments)) {
            val decoder = LlmStreamDecoder(provider, false, LlmAccumulator(provider, 10))
            val e = assertFailsWith<LlmLimitExceededException>(provider.id) { events.forEach { decoder.feed(it) } }
            assertEquals(16L, e.accumulatedChars, provider.id)
            assertEquals("", e.partial.toolCalls.single().arguments, "the call that would pass the cap is not applied")
        }
    }

    @Test
    fun wholeToolArgumentsWithinTheCapAreKept() {
        for ((provider, events) in listOf(Provider.ANTHROPIC to anthropicWholeInput, Provider.OPENAI_RESPONSES to responsesWholeArguments)) {
            val decoder = LlmStreamDecoder(provider, false, LlmAccumulator(provider, 16))
            events.forEach { decoder.feed(it) }
            assertEquals("""{"city":"Paris"}""", decoder.snapshot().toolCalls.single().arguments, provider.id)
        }
    }
}
