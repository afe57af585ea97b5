package dev.sluice.llm

import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

/** The exact neutral events each codec produces, and the push decoder's behaviour around them. */
class LlmEventsTest {
    private fun sse(data: String, type: String = "message") = ServerSentEvent(type, data, null)

    @Test
    fun chatChunksBecomeStartTextToolAndFinishEvents() {
        val d = LlmStreamDecoder(Provider.OPENAI_CHAT)
        val first = d.feed(sse("""{"id":"c1","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"}}]}"""))
        val raw = first.first().raw
        assertEquals(listOf(LlmEvent.StreamStarted("c1", "m", raw), LlmEvent.TextDelta(0, "Hi", raw)), first)
        val tool = d.feed(sse("""{"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t1","type":"function","function":{"name":"f","arguments":"{\"a\""}}]}}]}"""))
        assertEquals(listOf<LlmEvent>(LlmEvent.ToolCallStarted(0, 0, "t1", "f", raw), LlmEvent.ToolCallArgumentsDelta(0, 0, "{\"a\"", raw)), tool)
        val finish = d.feed(sse("""{"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]},"finish_reason":"tool_calls"}]}"""))
        assertEquals(
            listOf<LlmEvent>(
                LlmEvent.ToolCallArgumentsDelta(0, 0, ":1}", raw),
                LlmEvent.ToolCallCompleted(0, 0, "t1", "f", "{\"a\":1}", raw),
                LlmEvent.Finished(0, "tool_calls", LlmFinishReason.TOOL_CALLS, raw),
            ),
            finish,
        )
        assertFalse(d.isTerminated)
        assertEquals(listOf<LlmEvent>(LlmEvent.StreamCompleted(raw)), d.feed(sse("[DONE]")))
        assertTrue(d.isTerminated)
        assertTrue(d.snapshot().isComplete)
    }

    @Test
    fun rawEventIsTheWireEventUnchanged() {
        val d = LlmStreamDecoder(Provider.ANTHROPIC)
        val data = """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}"""
        d.feed(sse("""{"type":"message_start","message":{"id":"m","model":"c","role":"assistant","content":[]}}""", "message_start"))
        d.feed(sse("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""", "content_block_start"))
        val events = d.feed(sse(data, "content_block_delta"))
        val text = events.single() as LlmEvent.TextDelta
        assertEquals("content_block_delta", text.raw.type)
        assertEquals(data, text.raw.data)
    }

    @Test
    fun anthropicThinkingSignatureAndToolEventsInOrder() {
        val d = LlmStreamDecoder(Provider.ANTHROPIC)
        val events = listOf(
            "message_start" to """{"type":"message_start","message":{"id":"msg","model":"claude","role":"assistant","content":[],"usage":{"input_tokens":3,"output_tokens":1}}}""",
            "content_block_start" to """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""",
            "content_block_delta" to """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}""",
            "content_block_delta" to """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"SIG"}}""",
            "content_block_stop" to """{"type":"content_block_stop","index":0}""",
            "content_block_start" to """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"tu","name":"f","input":{}}}""",
            "content_block_delta" to """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}""",
            "content_block_delta" to """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"q\":2}"}}""",
            "content_block_stop" to """{"type":"content_block_stop","index":1}""",
            "message_delta" to """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":9}}""",
            "message_stop" to """{"type":"message_stop"}""",
        ).flatMap { (type, data) -> d.feed(sse(data, type)) }
        assertEquals(
            listOf(
                LlmEventKind.STREAM_STARTED, LlmEventKind.USAGE, LlmEventKind.REASONING_DELTA, LlmEventKind.REASONING_SIGNATURE,
                LlmEventKind.TOOL_CALL_STARTED, LlmEventKind.TOOL_CALL_ARGUMENTS_DELTA, LlmEventKind.TOOL_CALL_COMPLETED,
                LlmEventKind.USAGE, LlmEventKind.FINISHED,
                LlmEventKind.STREAM_COMPLETED,
            ),
            events.map { it.kind }.filter { it != LlmEventKind.PROVIDER_EVENT },
        )
        assertEquals(
            listOf("content_block_start", "content_block_stop", "content_block_delta"),
            events.filter { it.kind == LlmEventKind.PROVIDER_EVENT }.map { it.raw.type },
            "events without neutral meaning are passed on, never dropped",
        )
        val usage = (events.last { it is LlmEvent.Usage } as LlmEvent.Usage).usage
        assertEquals(3L, usage.inputTokens)
        assertEquals(9L, usage.outputTokens)
        val result = d.snapshot()
        assertEquals("hmm", result.choices.single().reasoning)
        assertEquals("SIG", result.choices.single().reasoningSignature)
        assertEquals("{\"q\":2}", result.toolCalls.single().arguments)
        assertEquals(LlmFinishReason.TOOL_CALLS, result.choices.single().finishReason)
    }

    @Test
    fun keepAlivesAreSkippedAndCounted() {
        val d = LlmStreamDecoder(Provider.ANTHROPIC)
        assertEquals(emptyList(), d.feed(sse("""{"type": "ping"}""", "ping")))
        assertEquals(emptyList(), d.feed(sse("", "keepalive")))
        assertEquals(emptyList(), d.feed(sse("""{"type":"ping"}""")))
        assertEquals(emptyList(), d.feed(sse("")))
        assertEquals(4, d.keepAliveCount)
        assertFalse(d.isTerminated)
    }

    @Test
    fun unknownEventTypeBecomesUnknownWithItsPayload() {
        val d = LlmStreamDecoder(Provider.ANTHROPIC)
        val data = """{"type":"brand_new_event","x":1}"""
        val events = d.feed(sse(data, "brand_new_event"))
        val unknown = events.single() as LlmEvent.Unknown
        assertEquals(LlmEventKind.UNKNOWN, unknown.kind)
        assertEquals(LlmRawEvent("brand_new_event", data), unknown.raw)
    }

    @Test
    fun unparsableDataIsAProtocolErrorOrSkippedAndCountedWhenLenient() {
        for (provider in Provider.values()) {
            val d = LlmStreamDecoder(provider)
            val e = assertFailsWith<LlmProtocolException>(provider.id) {
                if (provider.isNdjson) d.feedLine("{not json") else d.feed(sse("{not json"))
            }
            assertEquals("protocol_error", e.errorType)
            assertEquals("{not json", e.excerpt)
            assertTrue(e.message!!.contains("not valid JSON"), e.message)
            val lenient = LlmStreamDecoder(provider, true)
            val skipped = if (provider.isNdjson) lenient.feedLine("{not json") else lenient.feed(sse("{not json"))
            assertEquals(emptyList(), skipped, provider.id)
            assertEquals(1, lenient.skippedCount)
            assertEquals(1, lenient.snapshot().skippedEvents)
        }
    }

    /** Found by LlmDecoderFuzzTest: a skipped first event had started the stream, so StreamStarted never came. */
    @Test
    fun aSkippedEventNeitherStartsTheStreamNorNamesIt() {
        val d = LlmStreamDecoder(Provider.OPENAI_CHAT, true)
        assertEquals(emptyList(), d.feed(sse("""{"id":"c1","model":"m1","choices":[{"index":0,"delta":{"function_call":"oops"}}]}""")))
        assertEquals(1, d.skippedCount)
        val events = d.feed(sse("""{"id":"c2","model":"m2","choices":[{"index":0,"delta":{"content":"Hi"}}]}"""))
        assertEquals(listOf(LlmEventKind.STREAM_STARTED, LlmEventKind.TEXT_DELTA), events.map { it.kind })
        assertEquals("c2", (events[0] as LlmEvent.StreamStarted).id, "the skipped event's id does not count")
        assertEquals("m2", d.snapshot().model)
    }

    /** Found by LlmDecoderFuzzTest: parsed NDJSON (`decodeLlmBody`) escaped the nesting limit lines obey. */
    @Test
    fun ollamaJsonNestedTooDeeplyIsRefusedParsedOrNot() {
        val line = """{"message":{"content":"hi"},"x":""" + "[".repeat(300) + "]".repeat(300) + "}"
        val fromLine = assertFailsWith<LlmProtocolException> { LlmStreamDecoder(Provider.OLLAMA).feedLine(line) }
        val fromJson = assertFailsWith<LlmProtocolException> {
            LlmStreamDecoder(Provider.OLLAMA).feedJson(kotlinx.serialization.json.Json.parseToJsonElement(line))
        }
        assertEquals(fromLine.reason, fromJson.reason)
        assertEquals("data is nested deeper than 256 levels", fromJson.reason)
        val lenient = LlmStreamDecoder(Provider.OLLAMA, true)
        assertEquals(emptyList(), lenient.feedJson(kotlinx.serialization.json.Json.parseToJsonElement(line)))
        assertEquals(1, lenient.skippedCount)
    }

    @Test
    fun streamErrorCarriesPartialAndIsRaisedAgainOnFurtherInput() {
        val d = LlmStreamDecoder(Provider.OPENAI_CHAT)
        d.feed(sse("""{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"so far"}}]}"""))
        val e = assertFailsWith<LlmStreamException> {
            d.feed(sse("""{"error":{"type":"overloaded_error","message":"busy"}}"""))
        }
        assertEquals("so far", e.partial.text)
        assertFalse(e.partial.isComplete)
        assertTrue(e.isRetryable)
        assertEquals("""{"error":{"type":"overloaded_error","message":"busy"}}""", e.rawEvent?.data)
        assertTrue(d.isTerminated)
        assertSame(e, assertFailsWith<LlmStreamException> { d.feed(sse("""{"choices":[]}""")) })
        assertSame(e, assertFailsWith<LlmStreamException> { d.end() })
    }

    @Test
    fun responsesErrorWithoutTerminalEventFailsAtEndOfInput() {
        val d = LlmStreamDecoder(Provider.OPENAI_RESPONSES)
        d.feed(sse("""{"type":"response.created","response":{"id":"r","model":"m","status":"in_progress","output":[]}}""", "response.created"))
        assertEquals(
            listOf(LlmEventKind.PROVIDER_EVENT),
            d.feed(sse("""{"type":"error","code":"rate_limit_exceeded","message":"slow down","param":null}""", "error")).map { it.kind },
        )
        assertFalse(d.isTerminated, "an error event waits for the terminal event")
        val e = assertFailsWith<LlmStreamException> { d.end() }
        assertEquals("rate_limit_exceeded", e.errorType)
        assertEquals("rate_limit_exceeded", e.errorCode)
        assertEquals("slow down", e.providerMessage)
        assertTrue(e.isRetryable)
        assertEquals("in_progress", e.partial.status)
    }

    @Test
    fun responsesFunctionCallEventsUseCallIdAndCompleteAtItemDone() {
        val decoded = decodeBody(Provider.OPENAI_RESPONSES, LlmFixtures.text("conformance/llm/openai-responses-function-call.sse"))
        val started = decoded.events.filterIsInstance<LlmEvent.ToolCallStarted>().single()
        assertEquals("call_H5DxLSFnsGhiROnUiDHmgyc8", started.id)
        assertEquals("weather", started.name)
        val completed = decoded.events.filterIsInstance<LlmEvent.ToolCallCompleted>().single()
        assertEquals("{\"location\":\"San Francisco\"}", completed.arguments)
        assertEquals("response.output_item.done", completed.raw.type)
        val call = decoded.result.toolCalls.single()
        assertEquals("fc_04041325ab8ae30400698c51c5468c8197a395f18875a5339f", call.itemId)
        assertEquals(LlmFinishReason.TOOL_CALLS, decoded.events.filterIsInstance<LlmEvent.Finished>().single().finishReason)
        assertEquals(69L, decoded.result.usage?.totalTokens)
    }

    @Test
    fun ollamaToolCallsArriveWholeAsStartedDeltaCompleted() {
        val decoded = decodeBody(Provider.OLLAMA, LlmFixtures.text("fixtures/llm/ollama-tool-calls.ndjson"))
        val kinds = decoded.events.map { it.kind }
        assertEquals(
            listOf(
                LlmEventKind.STREAM_STARTED,
                LlmEventKind.TOOL_CALL_STARTED, LlmEventKind.TOOL_CALL_ARGUMENTS_DELTA, LlmEventKind.TOOL_CALL_COMPLETED,
                LlmEventKind.TOOL_CALL_STARTED, LlmEventKind.TOOL_CALL_ARGUMENTS_DELTA, LlmEventKind.TOOL_CALL_COMPLETED,
                LlmEventKind.USAGE, LlmEventKind.FINISHED, LlmEventKind.STREAM_COMPLETED,
            ),
            kinds,
        )
        assertEquals(listOf("{\"city\":\"Tokyo\"}", "{\"tz\":\"JST\"}"), decoded.result.toolCalls.map { it.arguments })
        assertEquals(LlmFinishReason.TOOL_CALLS, decoded.events.filterIsInstance<LlmEvent.Finished>().last().finishReason)
        assertNull(decoded.result.id)
        assertEquals(180L, decoded.result.usage?.inputTokens)
    }

    @Test
    fun eventsCompareByFieldsAndPrintThem() {
        val a = LlmEvent.TextDelta(1, "x", LlmRawEvent("message", "{}"))
        val b = LlmEvent.TextDelta(1, "x", LlmRawEvent("other", "{\"different\":true}"))
        assertEquals(a, b)
        assertEquals(a.hashCode(), b.hashCode())
        assertEquals("TextDelta(choiceIndex=1, text=x)", a.toString())
        assertFalse(a == LlmEvent.TextDelta(0, "x", a.raw) as Any)
    }

    @Test
    fun everyProviderHasADecoderAndCompatibleServersDecodeAsChatCompletions() {
        for (provider in Provider.values()) {
            val decoder = LlmStreamDecoder(provider)
            assertEquals(provider, decoder.provider)
            assertEquals(provider, decoder.snapshot().provider)
        }
        val compatible = LlmStreamDecoder(Provider.OPENAI_COMPATIBLE)
        val chunk = """{"id":"c1","object":"chat.completion.chunk","model":"llama","choices":[{"index":0,"delta":{"content":"Hi"}}]}"""
        val events = compatible.feed(sse(chunk))
        assertEquals(listOf(LlmEventKind.STREAM_STARTED, LlmEventKind.TEXT_DELTA), events.map { it.kind })
        compatible.feed(sse("[DONE]"))
        assertTrue(compatible.isTerminated)
        assertTrue(compatible.snapshot().toProviderJson().contains("\"object\":\"chat.completion\""))
        assertEquals("Hi", compatible.snapshot().text)
    }
}
