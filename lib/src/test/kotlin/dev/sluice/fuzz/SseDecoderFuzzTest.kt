package dev.sluice.fuzz

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import dev.sluice.sse.SseStreamState
import dev.sluice.sse.decodeSse
import io.ktor.utils.io.ByteReadChannel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.runBlocking
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/**
 * Fuzzes the SSE decoder: the push [SseDecoder] and the `decodeSse` flows. Any input, cut anywhere,
 * gives exactly the events (and offsets, last event ID, retry) of [SseOracle] for the whole input,
 * or the [LimitExceededException] it predicts after the events before it; nothing else is thrown.
 * Inputs are raw stream bytes; limits and split points are derived from them ([FuzzChoices]).
 *
 * Regression inputs: `src/test/resources/dev/sluice/fuzz/SseDecoderFuzzTestInputs/<method>/`.
 */
class SseDecoderFuzzTest {
    @FuzzTest(maxDuration = "2m")
    fun pushDecoder(data: ByteArray) {
        val choices = FuzzChoices(data)
        val limits = limits(choices)
        val initialId = if (choices.bool()) null else "seed"
        val dispatchUnterminated = choices.bool()
        val expected = SseOracle.decode(data, limits, initialId, dispatchUnterminated)
        val context = "$limits, initial id $initialId, dispatchUnterminated $dispatchUnterminated, input ${show(data)}"
        assertMatches(expected, push(listOf(data), limits, initialId, dispatchUnterminated, choices), "whole: $context")
        assertMatches(expected, push(choices.pieces(data), limits, initialId, dispatchUnterminated, choices), "pieces: $context")
        if (data.size <= BYTEWISE_MAX) {
            assertMatches(expected, push(bytewise(data), limits, initialId, dispatchUnterminated, choices), "bytewise: $context")
        }
    }

    @FuzzTest(maxDuration = "2m")
    fun flowDecoder(data: ByteArray) {
        val choices = FuzzChoices(data)
        val limits = limits(choices)
        val initialId = if (choices.bool()) null else "seed"
        val expected = SseOracle.decode(data, limits, initialId, dispatchUnterminated = false)
        val context = "$limits, initial id $initialId, input ${show(data)}"
        assertMatches(expected, collect(choices.pieces(data).asFlow(), limits, initialId, null), "Flow<ByteArray>: $context")
        assertMatches(expected, collect(null, limits, initialId, data), "ByteReadChannel: $context")
    }

    /** What one decoding gave. */
    private class Run(
        val events: List<ServerSentEvent>,
        val lastEventId: String?,
        val retry: Long?,
        val failure: LimitExceededException?,
    )

    private fun push(
        pieces: List<ByteArray>,
        limits: DecodeLimits,
        initialId: String?,
        dispatchUnterminated: Boolean,
        choices: FuzzChoices,
    ): Run {
        val events = ArrayList<ServerSentEvent>()
        val decoder = SseDecoder({ events += it }, limits, initialId)
        var failure: LimitExceededException? = null
        var fed = 0L
        try {
            for (piece in pieces) {
                // Each piece sits inside a larger array, so offset arithmetic is exercised too.
                val before = choices.int(0, 3)
                val padded = ByteArray(before + piece.size + choices.int(0, 3)) { 0x0A }
                piece.copyInto(padded, before)
                decoder.feed(padded, before, piece.size)
                fed += piece.size
                assertEquals(fed, decoder.bytesFed, "bytesFed")
            }
            decoder.end(dispatchUnterminated)
        } catch (e: Throwable) {
            requireTyped(e, LimitExceededException::class.java)
            failure = e as LimitExceededException
        }
        // Failed or ended, the decoder refuses more input.
        assertFailsWith<IllegalStateException> { decoder.feed(byteArrayOf(0x0A)) }
        assertFailsWith<IllegalStateException> { decoder.end() }
        for (event in events) assertTrue(event.data.length <= limits.maxEventBytes, "event data within maxEventBytes")
        return Run(events, decoder.lastEventId, decoder.retryMillis, failure)
    }

    private fun collect(pieces: Flow<ByteArray>?, limits: DecodeLimits, initialId: String?, channelBytes: ByteArray?): Run {
        val state = SseStreamState(initialId)
        val events = ArrayList<ServerSentEvent>()
        var failure: LimitExceededException? = null
        runBlocking {
            val flow = pieces?.decodeSse(limits, state) ?: ByteReadChannel(channelBytes!!).decodeSse(limits, state)
            try {
                flow.collect {
                    assertEquals(it.id, state.lastEventId, "the state follows the event being handled")
                    events += it
                }
            } catch (e: Throwable) {
                requireTyped(e, LimitExceededException::class.java)
                failure = e as LimitExceededException
            }
        }
        return Run(events, state.lastEventId, state.retryMillis, failure)
    }

    private fun assertMatches(expected: SseOracle.Expected, actual: Run, context: String) {
        assertEquals(expected.events, actual.events, context)
        assertEquals(expected.offsets, actual.events.map { it.offset }, "event offsets, $context")
        assertEquals(expected.limitName, actual.failure?.limitName, "limit, $context")
        if (expected.limitName != null) assertEquals(expected.limitOffset, actual.failure!!.offset, "limit offset, $context")
        assertEquals(expected.lastEventId, actual.lastEventId, "last event ID, $context")
        assertEquals(expected.retry, actual.retry, "retry, $context")
    }

    private companion object {
        const val BYTEWISE_MAX = 4096

        /** Half the inputs run with the default limits, half with limits small enough to hit. */
        fun limits(choices: FuzzChoices): DecodeLimits = when (choices.int(0, 3)) {
            0, 1 -> DecodeLimits()
            2 -> DecodeLimits(choices.int(1, 24), choices.int(1, 24))
            else -> DecodeLimits(choices.int(1, 512), choices.int(1, 512))
        }
    }
}
