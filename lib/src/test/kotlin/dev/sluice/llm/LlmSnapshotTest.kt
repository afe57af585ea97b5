package dev.sluice.llm

import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** The live snapshot: available after every event, immutable, growing towards the final result. */
class LlmSnapshotTest {
    @Test
    fun snapshotAfterEveryEventIsValidProviderJsonAndGrowsMonotonically() {
        for (path in LlmConformanceTest.conformance()) {
            val provider = LlmFixtures.providerOf(path.substringAfterLast('/'))
            val decoder = LlmStreamDecoder(provider)
            var previousText = ""
            for (event in sseEvents(LlmFixtures.text(path))) {
                decoder.feed(event)
                val snapshot = decoder.snapshot()
                Json.parseToJsonElement(snapshot.toProviderJson()) // always valid JSON
                val text = snapshot.choices.joinToString("|") { it.text.orEmpty() }
                if (provider != Provider.OPENAI_CHAT) {
                    assertTrue(text.startsWith(previousText), "$path: text shrank from '$previousText' to '$text'")
                }
                previousText = text
            }
        }
    }

    @Test
    fun anEarlierSnapshotDoesNotChange() {
        val decoder = LlmStreamDecoder(Provider.OPENAI_CHAT)
        val events = sseEvents(LlmFixtures.text("conformance/llm/openai-chat-text-usage.sse"))
        events.take(3).forEach { decoder.feed(it) }
        val early = decoder.snapshot()
        val earlyText = early.text
        val earlyJson = early.toProviderJson()
        events.drop(3).forEach { decoder.feed(it) }
        assertEquals(earlyText, early.text)
        assertEquals(earlyJson, early.toProviderJson())
        assertFalse(early.isComplete)
        assertTrue(decoder.snapshot().isComplete)
        assertTrue(decoder.snapshot().text.length > earlyText.length)
    }

    @Test
    fun openToolBlockHasRawJsonAndNoInputUntilItStops() {
        val decoder = LlmStreamDecoder(Provider.ANTHROPIC)
        val events = sseEvents(LlmFixtures.text("conformance/llm/anthropic-text-then-tool-use.sse"))
        val beforeStop = events.indexOfLast { it.type == "content_block_stop" }
        events.take(beforeStop).forEach { decoder.feed(it) }
        val open = Json.parseToJsonElement(decoder.snapshot().toProviderJson()).jsonObject["content"]!!.jsonArray[1].jsonObject
        assertEquals(JsonNull, open["input"])
        assertEquals("{\"location\": \"Paris\"}", open["input_json_raw"]!!.jsonPrimitive.content)
        assertFalse(decoder.snapshot().toolCalls.single().isComplete)
        decoder.feed(events[beforeStop])
        val closed = Json.parseToJsonElement(decoder.snapshot().toProviderJson()).jsonObject["content"]!!.jsonArray[1].jsonObject
        assertEquals("Paris", closed["input"]!!.jsonObject["location"]!!.jsonPrimitive.content)
        assertNull(closed["input_json_raw"])
        assertTrue(decoder.snapshot().toolCalls.single().isComplete)
    }

    @Test
    fun neutralViewOfEachProvider() {
        val chat = decodeBody(Provider.OPENAI_CHAT, LlmFixtures.text("conformance/llm/openai-chat-n3-choices.sse")).result
        assertEquals(listOf(0, 1, 2), chat.choices.map { it.index })
        assertEquals(121L, chat.usage?.totalTokens)
        assertEquals(0L, chat.usage?.reasoningTokens)
        assertEquals(LlmFinishReason.STOP, chat.choices[2].finishReason)

        val responses = decodeBody(Provider.OPENAI_RESPONSES, LlmFixtures.text("fixtures/llm/openai-responses-reasoning-summary.sse")).result
        assertEquals("completed", responses.status)
        assertEquals("4", responses.text)
        assertEquals("**Adding**\n\nTwo plus two.", responses.choices.single().reasoning)
        assertEquals(30L, responses.usage?.reasoningTokens)

        val incomplete = decodeBody(Provider.OPENAI_RESPONSES, LlmFixtures.text("fixtures/llm/openai-responses-incomplete.sse"))
        assertEquals("max_output_tokens", incomplete.result.choices.single().rawFinishReason)
        assertEquals(LlmFinishReason.LENGTH, incomplete.events.filterIsInstance<LlmEvent.Finished>().single().finishReason)

        val deepseek = decodeBody(Provider.OPENAI_CHAT, LlmFixtures.text("fixtures/llm/openai-chat-reasoning-content.sse")).result
        assertEquals("2+2 is 4.", deepseek.choices.single().reasoning)
        assertEquals("4", deepseek.text)

        val thinking = decodeBody(Provider.OLLAMA, LlmFixtures.text("fixtures/llm/ollama-thinking.ndjson")).result
        assertEquals("Let me think.", thinking.choices.single().reasoning)
        assertEquals("qwen3", thinking.model)

        val anthropic = decodeBody(Provider.ANTHROPIC, LlmFixtures.text("conformance/llm/anthropic-basic-text.sse")).result
        assertEquals("msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK", anthropic.id)
        assertEquals(11L, anthropic.usage?.inputTokens)
        assertEquals(6L, anthropic.usage?.outputTokens)
        assertNull(anthropic.usage?.totalTokens)
    }
}
