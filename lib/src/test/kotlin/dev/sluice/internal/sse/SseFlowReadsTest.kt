package dev.sluice.internal.sse

import dev.sluice.DecodeLimits
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import dev.sluice.sse.SseStreamState
import kotlinx.coroutines.yield
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.random.Random
import kotlin.test.assertEquals

/**
 * [SseFlow] over reads that come from one array the source refills (as a response's read buffer
 * is): every event must be decoded from the bytes it had, whatever the read held around it and
 * however the collector suspends, with the stream state in step with the events delivered.
 */
@Timeout(30)
class SseFlowReadsTest {
    /** Lent one-line data, multi-line data, CRLF and CR, comments, ids, retry, id-only and data-less blocks, non-ASCII. */
    private val stream: ByteArray = buildString {
        append("\uFEFF: hello\r\n")
        for (i in 0 until 60) {
            when (i % 6) {
                0 -> append("id: $i\ndata: {\"n\":$i,\"t\":\"gr\u00FC\u00DF \u4E2D\"}\n\n")
                1 -> append("event: delta\r\ndata: line one $i\r\ndata: line two\r\n\r\n")
                2 -> append("retry: ${1000 + i}\rdata: cr only $i\r\r")
                3 -> append("id: only-$i\n\n: a comment\n\n")
                4 -> append("data:${"x".repeat(i * 97)}\n\n")
                else -> append("data\ndata: \uD83D\uDE00 $i\n\n")
            }
        }
        append("id: last\ndata: no blank line")
    }.toByteArray()

    /** What the push decoder makes of the whole stream in one read, with the state after each event. */
    private fun expected(dispatchUnterminated: Boolean): List<Triple<ServerSentEvent, String?, Long?>> {
        val out = ArrayList<Triple<ServerSentEvent, String?, Long?>>()
        lateinit var decoder: SseDecoder
        decoder = SseDecoder({ out += Triple(it, it.id, decoder.retryMillis) })
        decoder.feed(stream)
        decoder.end(dispatchUnterminated)
        return out
    }

    /** The stream in reads of random sizes, each copied into one array the source refills. */
    private fun refilledReads(random: Random): ByteReads = { onRead ->
        val buffer = ByteArray(4096)
        var at = 0
        while (at < stream.size) {
            val n = minOf(stream.size - at, 1 + random.nextInt(if (random.nextBoolean()) 64 else buffer.size))
            buffer.fill(0x7A)
            System.arraycopy(stream, at, buffer, 0, n)
            onRead(buffer, n)
            at += n
        }
    }

    @Test
    fun everyEventIsWholeWhenTheSourceRefillsOneArrayAndTheCollectorSuspends() = runBlocking {
        for (dispatchUnterminated in listOf(false, true)) {
            val expected = expected(dispatchUnterminated)
            assertEquals(if (dispatchUnterminated) 51 else 50, expected.size)
            for (seed in 0 until 40) {
                val state = SseStreamState()
                val seen = ArrayList<Triple<ServerSentEvent, String?, Long?>>()
                SseFlow(refilledReads(Random(seed)), DecodeLimits(), state, dispatchUnterminated).collect {
                    yield()
                    seen += Triple(it, state.lastEventId, state.retryMillis)
                }
                assertEquals(expected, seen, "seed $seed, unterminated $dispatchUnterminated")
                assertEquals(expected.map { it.first.offset }, seen.map { it.first.offset }, "offsets, seed $seed")
                // An id-only block moves the state with no event; an event never dispatched does not.
                assertEquals(if (dispatchUnterminated) "last" else "only-57", state.lastEventId)
            }
        }
    }

    @Test
    fun eachCollectionReadsAfresh() = runBlocking {
        val flow = SseFlow(refilledReads(Random(7)), DecodeLimits(), null)
        val first = flow.toList()
        assertEquals(expected(false).map { it.first }, first)
        assertEquals(first, flow.toList())
    }
}
