package dev.sluice.llm

import dev.sluice.internal.llm.provider.openai.ChatSseEncoder
import dev.sluice.llm.request.Provider
import dev.sluice.sse.SseEvent
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * The re-encoded streams have the shape the official SDKs read: OpenAI chunks without event types,
 * with every required field, role first, tool calls indexed from 0, usage last, then `[DONE]`;
 * Anthropic events whose SSE type is their JSON type, with content blocks one after another.
 */
class LlmSseFormatTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    fun openAiFramesFollowTheChunkFormat(path: String) {
        val frames = framesOf(path, Provider.OPENAI_CHAT)
        assertEquals(SseEvent("[DONE]"), frames.last(), path)
        assertTrue(frames.all { it.type == null && it.id == null }, "$path: data-only frames")
        val chunks = frames.dropLast(1).map { Json.parseToJsonElement(it.data!!).jsonObject }
        val rolesSeen = HashSet<Int>()
        val toolsSeen = HashMap<Int, Int>()
        chunks.forEachIndexed { i, chunk ->
            assertTrue(chunk["id"]!!.jsonPrimitive.content.isNotEmpty(), "$path: id")
            assertEquals("chat.completion.chunk", chunk["object"]!!.jsonPrimitive.content)
            chunk["created"]!!.jsonPrimitive.long
            assertTrue(chunk["model"]!!.jsonPrimitive.isString)
            val choices = chunk["choices"]!!.jsonArray
            if (choices.isEmpty()) {
                assertEquals(chunks.size - 1, i, "$path: the usage chunk is the last before [DONE]")
                assertNotNull(chunk["usage"] as? JsonObject, "$path: usage")
            }
            for (c in choices.map { it.jsonObject }) {
                val index = c["index"]!!.jsonPrimitive.int
                val delta = c["delta"]!!.jsonObject
                assertTrue("finish_reason" in c, "$path: finish_reason present")
                assertEquals(rolesSeen.add(index), delta["role"] == JsonPrimitive("assistant"), "$path: role on the first delta only")
                for (call in (delta["tool_calls"] as? JsonArray).orEmpty().map { it.jsonObject }) {
                    val wire = call["index"]!!.jsonPrimitive.int
                    val next = toolsSeen.getOrDefault(index, 0)
                    if (wire == next) {
                        toolsSeen[index] = next + 1
                        assertTrue(call["id"]!!.jsonPrimitive.content.isNotEmpty(), "$path: a new call has an id")
                        assertEquals("function", call["type"]!!.jsonPrimitive.content)
                    } else {
                        assertTrue(wire < next, "$path: tool indexes from 0 without gaps")
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    fun anthropicFramesFollowTheMessagesFormat(path: String) {
        val frames = framesOf(path, Provider.ANTHROPIC)
        val events = frames.map { frame -> Json.parseToJsonElement(frame.data!!).jsonObject.also { assertEquals(frame.type, it["type"]!!.jsonPrimitive.content, path) } }
        val types = events.map { it["type"]!!.jsonPrimitive.content }
        assertEquals("message_start", types.first(), path)
        assertEquals(listOf("message_delta", "message_stop"), types.takeLast(2), path)
        val message = events.first()["message"]!!.jsonObject
        listOf("id", "type", "role", "model", "content", "usage").forEach { assertTrue(it in message, "$path: message.$it") }
        message["usage"]!!.jsonObject.let { it["input_tokens"]!!.jsonPrimitive.long; it["output_tokens"]!!.jsonPrimitive.long }
        events[events.size - 2]["usage"]!!.jsonObject["output_tokens"]!!.jsonPrimitive.long
        var open: Int? = null
        var started = 0
        for ((type, event) in types.zip(events)) {
            when (type) {
                "content_block_start" -> {
                    assertNull(open, "$path: block $open still open when the next starts")
                    assertEquals(started++, event["index"]!!.jsonPrimitive.int, "$path: blocks indexed in order")
                    open = event["index"]!!.jsonPrimitive.int
                }
                "content_block_delta" -> assertEquals(open, event["index"]!!.jsonPrimitive.int, "$path: delta to the open block")
                "content_block_stop" -> {
                    assertEquals(open, event["index"]!!.jsonPrimitive.int, "$path: stop of the open block")
                    open = null
                }
            }
        }
        assertNull(open, "$path: every block stopped")
    }

    @Test
    fun chatChunksAreWrittenExactlyAsTheApiWritesThem() {
        val raw = LlmRawEvent(null, "{}")
        val events = listOf(
            LlmEvent.StreamStarted("chatcmpl-1", "gpt-x", raw),
            LlmEvent.TextDelta(0, "Hi", raw),
            LlmEvent.ToolCallStarted(0, 3, "call_a", "f", raw),
            LlmEvent.ToolCallArgumentsDelta(0, 3, "{\"a\":1}", raw),
            LlmEvent.ToolCallCompleted(0, 3, "call_a", "f", "{\"a\":1}", raw),
            LlmEvent.Finished(0, "tool_calls", LlmFinishReason.TOOL_CALLS, raw),
            LlmEvent.Usage(LlmUsage(5, 2, null, null, null, "{}"), raw),
            LlmEvent.StreamCompleted(raw),
        )
        val encoder = ChatSseEncoder { 1_700_000_000 }
        val frames = events.flatMap { e -> ArrayList<SseEvent>().also { encoder.encode(e, it) } }
        val head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-x\","
        assertEquals(
            listOf(
                head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}]}",
                head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}]}",
                head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":1}\"}}]},\"logprobs\":null,\"finish_reason\":null}]}",
                head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}",
                head + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}",
                "[DONE]",
            ),
            frames.map { it.data },
        )
    }

    @Test
    fun anthropicEventsAreWrittenExactlyAsTheApiWritesThem() {
        val raw = LlmRawEvent(null, "{}")
        val events = listOf(
            LlmEvent.StreamStarted("msg_1", "claude-x", raw),
            LlmEvent.Usage(LlmUsage(10, 1, null, null, 0, "{}"), raw),
            LlmEvent.ReasoningDelta(0, "hmm", raw),
            LlmEvent.ReasoningSignature(0, "sig", raw),
            LlmEvent.TextDelta(0, "Hi", raw),
            LlmEvent.ToolCallStarted(0, 0, "toolu_1", "f", raw),
            LlmEvent.ToolCallCompleted(0, 0, "toolu_1", "f", "{}", raw),
            LlmEvent.Finished(0, "tool_calls", LlmFinishReason.TOOL_CALLS, raw),
            LlmEvent.Usage(LlmUsage(10, 7, 17, null, 0, "{}"), raw),
            LlmEvent.StreamCompleted(raw),
        )
        val encoder = LlmSseEncoder.forProvider(Provider.ANTHROPIC)
        val wire = LlmSseRoundTripTest.write(events.flatMap { encoder.encode(it) })
        assertEquals(
            """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":null,"cache_read_input_tokens":0,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hi"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: content_block_start
            data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":2}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":7,"input_tokens":10,"cache_read_input_tokens":0}}

            event: message_stop
            data: {"type":"message_stop"}


            """.trimIndent(),
            wire,
        )
    }

    @Test
    fun providersWithoutAnEncoderAreRefusedWithTheSupportedList() {
        assertTrue(LlmSseEncoder.supports(Provider.OPENAI_COMPATIBLE))
        val e = assertFailsWith<IllegalArgumentException> { LlmSseEncoder.forProvider(Provider.GEMINI) }
        assertEquals("no SSE encoder for gemini; supported: openai-chat, anthropic, openai-compatible, and textDeltas()", e.message)
    }

    private fun framesOf(path: String, target: Provider): List<SseEvent> {
        val decoded = decodeBody(LlmSseRoundTripTest.sourceProvider(path), LlmFixtures.text(path))
        val encoder = LlmSseEncoder.forProvider(target)
        return decoded.events.flatMap { encoder.encode(it) }
    }

    companion object {
        @JvmStatic
        fun sources(): List<String> = LlmSseRoundTripTest.cases().map { it.get()[0] as String }.distinct()
    }
}
