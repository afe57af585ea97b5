package dev.sluice.fuzz

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import dev.sluice.internal.llm.accumulate.metadataOnlyAccumulator
import dev.sluice.internal.text.Utf8
import dev.sluice.llm.LlmAccumulator
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmEventKind
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmLimitExceededException
import dev.sluice.llm.LlmProtocolException
import dev.sluice.llm.LlmResult
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.decodeLlmBody
import dev.sluice.llm.request.Provider
import dev.sluice.ndjson.NdjsonParseException
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.runBlocking
import kotlin.test.assertEquals
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * Fuzzes every provider codec together with [LlmAccumulator], through the public
 * [LlmStreamDecoder] (one wire event at a time, strict and lenient), the events-only accumulator
 * behind the event views, and `decodeLlmBody` over the body cut into pieces. Any body gives events
 * or one of the typed errors the decoder documents:
 *
 * - [LlmProtocolException] (strict only) for a payload that breaks the format,
 * - [LlmStreamException] for an error the stream reports,
 * - [LlmLimitExceededException] only past `maxAccumulatedChars`,
 * - [LlmInterruptedException] only from `end()`,
 * - from `decodeLlmBody` also [LimitExceededException] (line or event limit) and, for Ollama,
 *   [NdjsonParseException] (a line that is not JSON);
 *
 * and the result agrees with the events (joined deltas are the accumulated texts), stays within the
 * accumulation cap, and, for the events-only view, holds no text or arguments at all. Inputs are
 * raw response bodies (SSE, or NDJSON for Ollama), one method per provider.
 *
 * Regression inputs: `src/test/resources/dev/sluice/fuzz/LlmDecoderFuzzTestInputs/<method>/`.
 */
class LlmDecoderFuzzTest {
    @FuzzTest(maxDuration = "2m")
    fun openAiChat(data: ByteArray) = fuzz(Provider.OPENAI_CHAT, data)

    @FuzzTest(maxDuration = "2m")
    fun openAiCompatible(data: ByteArray) = fuzz(Provider.OPENAI_COMPATIBLE, data)

    @FuzzTest(maxDuration = "2m")
    fun openAiResponses(data: ByteArray) = fuzz(Provider.OPENAI_RESPONSES, data)

    @FuzzTest(maxDuration = "2m")
    fun anthropic(data: ByteArray) = fuzz(Provider.ANTHROPIC, data)

    @FuzzTest(maxDuration = "2m")
    fun gemini(data: ByteArray) = fuzz(Provider.GEMINI, data)

    @FuzzTest(maxDuration = "2m")
    fun ollama(data: ByteArray) = fuzz(Provider.OLLAMA, data)

    private fun fuzz(provider: Provider, data: ByteArray) {
        val choices = FuzzChoices(data)
        val cap = if (choices.bool()) 1 shl 20 else choices.int(1, 256)
        val context = "${provider.id}, cap $cap, input ${show(data)}"

        val strict = push(provider, data, lenient = false, LlmAccumulator(provider, cap), context)
        val lenient = push(provider, data, lenient = true, LlmAccumulator(provider, cap), context)
        // Lenient decoding differs from strict only from the first event strict refuses.
        if (strict.error !is LlmProtocolException) {
            assertEquals(strict.events, lenient.events, "lenient = strict without protocol errors, $context")
            assertEquals(strict.error?.javaClass, lenient.error?.javaClass, "lenient error, $context")
            assertEquals(strict.result, lenient.result, "lenient result, $context")
            assertEquals(0, lenient.decoder.skippedCount, context)
        } else {
            assertStartsWith(strict.events, lenient.events, "lenient continues where strict stopped, $context")
            assertTrue(lenient.decoder.skippedCount > 0, "lenient skipped the refused event, $context")
        }

        // The accumulator behind the event and text views keeps no text and no arguments.
        val eventsOnly = push(provider, data, lenient = false, metadataOnlyAccumulator(provider), context)
        if (strict.error is LlmLimitExceededException) {
            assertStartsWith(strict.events, eventsOnly.events, "events-only view, not capped, $context")
        } else {
            assertEquals(strict.events, eventsOnly.events, "events-only view, $context")
        }
        assertEquals(0L, contentChars(eventsOnly.result), "the events-only view keeps no content: ${eventsOnly.result}, $context")

        // The body as a flow of pieces, through decodeLlmBody: the same story as the push decoder,
        // up to the line or event limit when one is hit.
        val useLenient = choices.bool()
        val reference = if (useLenient) lenient else strict
        for (limits in listOf(DecodeLimits(), DecodeLimits(choices.int(8, 1024), choices.int(8, 1024)))) {
            val flowed = body(provider, choices.pieces(data), useLenient, cap, limits, context)
            compareBody(provider, reference, flowed, "decodeLlmBody (lenient $useLenient, $limits), $context")
        }
    }

    /** What decoding one body gave. */
    private class Outcome(val events: List<LlmEvent>, val error: Throwable?, val result: LlmResult, val decoder: LlmStreamDecoder)

    private fun push(provider: Provider, data: ByteArray, lenient: Boolean, accumulator: LlmAccumulator, context: String): Outcome {
        val decoder = LlmStreamDecoder(provider, lenient, accumulator)
        val events = ArrayList<LlmEvent>()
        var error: Throwable? = null
        var ending = false
        try {
            if (provider.isNdjson) {
                for (line in ndjsonLines(data)) events += decoder.feedLine(line)
            } else {
                for (event in sseEvents(data)) events += decoder.feed(event)
            }
            ending = true
            events += decoder.end()
        } catch (e: Throwable) {
            requireTyped(e, LlmStreamException::class.java, LlmProtocolException::class.java, LlmLimitExceededException::class.java, LlmInterruptedException::class.java)
            if (e is LlmProtocolException && lenient) fail("lenient decoding raised $e, $context")
            if (e is LlmInterruptedException && !ending) fail("interrupted before the end of input: $e, $context")
            error = e
        }
        val result = partialOf(error) ?: decoder.snapshot()
        checkOutcome(Outcome(events, error, result, decoder), accumulator, data.size, context)
        if (error != null) {
            // A failed decoder keeps failing with the same error.
            val again = runCatching { if (provider.isNdjson) decoder.feedLine("{}") else decoder.feed(ServerSentEvent("message", "{}", null)) }
            assertSame(error, again.exceptionOrNull(), "a failed decoder rethrows its error, $context")
            assertSame(error, runCatching { decoder.end() }.exceptionOrNull(), "a failed decoder rethrows its error at end, $context")
        } else {
            assertTrue(decoder.isTerminated, context)
            assertEquals(emptyList(), decoder.feed(ServerSentEvent("message", "{}", null)), "input after the end is ignored, $context")
        }
        return Outcome(events, error, result, decoder)
    }

    private fun body(
        provider: Provider,
        pieces: List<ByteArray>,
        lenient: Boolean,
        cap: Int,
        limits: DecodeLimits,
        context: String,
    ): Outcome {
        val decoder = LlmStreamDecoder(provider, lenient, LlmAccumulator(provider, cap))
        val events = ArrayList<LlmEvent>()
        var error: Throwable? = null
        runBlocking {
            try {
                pieces.asFlow().decodeLlmBody(decoder, limits).collect { events += it }
            } catch (e: Throwable) {
                requireTyped(
                    e, LlmStreamException::class.java, LlmProtocolException::class.java, LlmLimitExceededException::class.java,
                    LlmInterruptedException::class.java, LimitExceededException::class.java, NdjsonParseException::class.java,
                )
                if (e is NdjsonParseException && !provider.isNdjson) throw e
                if (e is LlmProtocolException && lenient) fail("lenient decoding raised $e, $context")
                error = e
            }
        }
        return Outcome(events, error, partialOf(error) ?: decoder.snapshot(), decoder)
    }

    private fun compareBody(provider: Provider, pushed: Outcome, flowed: Outcome, context: String) {
        val framingFailed = flowed.error is LimitExceededException && flowed.error !is LlmLimitExceededException ||
            flowed.error is NdjsonParseException
        if (provider.isNdjson) {
            // The flow parses each line before the codec sees it; only neutral events compare.
            val a = neutral(pushed.events)
            val b = neutral(flowed.events)
            if (framingFailed) {
                assertStartsWith(b, a, "events before the framing error, $context")
            } else {
                assertEquals(a, b, context)
                assertEquals(pushed.error?.javaClass, flowed.error?.javaClass, "error: ${pushed.error} / ${flowed.error}, $context")
                assertEquals(pushed.result, flowed.result, context)
            }
            return
        }
        if (framingFailed) {
            assertStartsWith(flowed.events, pushed.events, "events before the limit, $context")
            return
        }
        assertEquals(pushed.events, flowed.events, context)
        assertEquals(pushed.error?.javaClass, flowed.error?.javaClass, "error: ${pushed.error} / ${flowed.error}, $context")
        assertEquals(pushed.error?.message, flowed.error?.message, context)
        assertEquals(pushed.result, flowed.result, context)
    }

    /** The invariants of one outcome: event order, the result agrees with the events, the cap holds. */
    private fun checkOutcome(o: Outcome, accumulator: LlmAccumulator, inputBytes: Int, context: String) {
        val events = o.events
        val started = events.indexOfFirst { it is LlmEvent.StreamStarted }
        assertTrue(events.count { it is LlmEvent.StreamStarted } <= 1, "one StreamStarted, $context")
        val firstNeutral = events.indexOfFirst { it !is LlmEvent.Unknown }
        if (firstNeutral >= 0) assertEquals(firstNeutral, started, "StreamStarted comes before every other known event: $events, $context")
        val completed = events.indexOfFirst { it is LlmEvent.StreamCompleted }
        if (completed >= 0) assertEquals(events.size - 1, completed, "StreamCompleted is the last event, $context")
        if (o.error == null) assertTrue(completed >= 0 && o.result.isComplete, "a stream that did not fail completed, $context")

        // The texts are the joined deltas (a limit error may have applied part of the last wire event).
        if (accumulator.keepsNothing()) return checkBounds(o, accumulator, inputBytes, context)
        for (choice in o.result.choices) {
            fun joined(kind: LlmEventKind, text: (LlmEvent) -> String) =
                events.filter { it.kind == kind && choiceOf(it) == choice.index }.joinToString("") { text(it) }
            val pairs = listOf(
                choice.text.orEmpty() to joined(LlmEventKind.TEXT_DELTA) { (it as LlmEvent.TextDelta).text },
                choice.reasoning.orEmpty() to joined(LlmEventKind.REASONING_DELTA) { (it as LlmEvent.ReasoningDelta).text },
                choice.refusal.orEmpty() to joined(LlmEventKind.REFUSAL_DELTA) { (it as LlmEvent.RefusalDelta).text },
            )
            for ((accumulated, delivered) in pairs) {
                if (o.error == null) assertEquals(accumulated, delivered, "joined deltas of choice ${choice.index}, $context")
                else assertTrue(accumulated.startsWith(delivered), "delivered deltas are a prefix of the partial text, $context")
            }
        }
        for (event in events) {
            val index = choiceOf(event) ?: continue
            assertTrue(o.result.choices.any { it.index == index }, "choice $index of $event is in the result, $context")
        }
        checkBounds(o, accumulator, inputBytes, context)
    }

    /** Bounded memory: within the cap, and the provider JSON linear in the input. */
    private fun checkBounds(o: Outcome, accumulator: LlmAccumulator, inputBytes: Int, context: String) {
        val chars = contentChars(o.result)
        assertTrue(chars <= accumulator.maxAccumulatedChars, "accumulated $chars characters past the cap ${accumulator.maxAccumulatedChars}, $context")
        val e = o.error
        if (e is LlmLimitExceededException) {
            assertTrue(e.accumulatedChars > accumulator.maxAccumulatedChars, "limit error below the cap: $e, $context")
        }
        val json = o.result.toProviderJson()
        assertTrue(
            json.length <= JSON_PER_INPUT_BYTE * inputBytes.toLong() + JSON_OVERHEAD,
            "provider JSON of ${json.length} characters for $inputBytes input bytes, $context",
        )
    }

    private fun LlmAccumulator.keepsNothing(): Boolean = maxAccumulatedChars == Int.MAX_VALUE

    private fun choiceOf(event: LlmEvent): Int? = when (event) {
        is LlmEvent.TextDelta -> event.choiceIndex
        is LlmEvent.ReasoningDelta -> event.choiceIndex
        is LlmEvent.RefusalDelta -> event.choiceIndex
        is LlmEvent.ReasoningSignature -> event.choiceIndex
        is LlmEvent.ToolCallStarted -> event.choiceIndex
        is LlmEvent.ToolCallArgumentsDelta -> event.choiceIndex
        is LlmEvent.ToolCallCompleted -> event.choiceIndex
        is LlmEvent.Finished -> event.choiceIndex
        else -> null
    }

    private fun neutral(events: List<LlmEvent>): List<LlmEvent> =
        events.filter { it !is LlmEvent.Unknown && it !is LlmEvent.ProviderEvent }

    private fun <T> assertStartsWith(prefix: List<T>, list: List<T>, context: String) {
        assertTrue(list.size >= prefix.size && list.subList(0, prefix.size) == prefix, "expected a prefix:\n$prefix\nof\n$list\n$context")
    }

    private companion object {
        const val JSON_PER_INPUT_BYTE = 16
        const val JSON_OVERHEAD = 4096

        fun partialOf(e: Throwable?): LlmResult? = when (e) {
            is LlmStreamException -> e.partial
            is LlmInterruptedException -> e.partial
            is LlmLimitExceededException -> e.partial
            else -> null
        }

        /** Text, reasoning, refusal, signatures and tool arguments: what `maxAccumulatedChars` counts. */
        fun contentChars(r: LlmResult): Long = r.choices.sumOf { c ->
            (c.text?.length ?: 0).toLong() + (c.reasoning?.length ?: 0) + (c.refusal?.length ?: 0) +
                (c.reasoningSignature?.length ?: 0) + c.toolCalls.sumOf { it.arguments.length.toLong() }
        }

        /** The SSE events of a body as LLM decoding sees them (a final event without its blank line counts). */
        fun sseEvents(data: ByteArray): List<ServerSentEvent> {
            val out = ArrayList<ServerSentEvent>()
            val decoder = SseDecoder({ out += it })
            decoder.feed(data)
            decoder.end(true)
            return out
        }

        /** The lines of an NDJSON body: BOM dropped, CR, LF or CRLF ends a line, a last line without one counts. */
        fun ndjsonLines(data: ByteArray): List<String> {
            val lines = ArrayList<String>()
            var start = if (data.size >= 3 && data[0] == 0xEF.toByte() && data[1] == 0xBB.toByte() && data[2] == 0xBF.toByte()) 3 else 0
            var i = start
            while (i < data.size) {
                val b = data[i]
                if (b == CR || b == LF) {
                    lines += Utf8.decodeWhatwg(data, start, i - start)
                    if (b == CR && i + 1 < data.size && data[i + 1] == LF) i++
                    start = i + 1
                }
                i++
            }
            if (start < data.size) lines += Utf8.decodeWhatwg(data, start, data.size - start)
            return lines
        }

        const val CR: Byte = 0x0D
        const val LF: Byte = 0x0A
    }
}
