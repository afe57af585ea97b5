package dev.sluice.sse

import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import java.io.ByteArrayInputStream
import java.io.InputStream
import java.util.stream.Stream
import kotlin.test.assertEquals

/**
 * Every shared conformance case, fed whole, split at its `chunks`, and one byte at a time, through
 * the push decoder, the Flow, and the Java blocking reader.
 */
@Timeout(10)
class SseConformanceTest {
    enum class Split { WHOLE, CHUNKS, BYTES }

    private fun ConformanceCase.pieces(split: Split): List<ByteArray> = when (split) {
        Split.WHOLE -> listOf(bytes)
        Split.CHUNKS -> chunks()
        Split.BYTES -> bytewise()
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndSplits")
    fun pushDecoderMatchesTheSpec(case: ConformanceCase, split: Split) {
        val events = ArrayList<ServerSentEvent>()
        val decoder = SseDecoder({ events.add(it) })
        case.pieces(split).forEach { decoder.feed(it) }
        decoder.end()
        assertEquals(normalized(case.events), normalized(events), "events")
        assertEquals(case.retry, decoder.retryMillis, "retry")
        assertEquals(normalizedId(case.lastEventId), normalizedId(decoder.lastEventId), "last event id")
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndSplits")
    fun flowMatchesTheSpec(case: ConformanceCase, split: Split) = runBlocking<Unit> {
        val state = SseStreamState()
        val events = case.pieces(split).asFlow().decodeSse(state = state).toList()
        assertEquals(normalized(case.events), normalized(events), "events")
        assertEquals(case.retry, state.retryMillis, "retry")
        assertEquals(normalizedId(case.lastEventId), normalizedId(state.lastEventId), "last event id")
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndSplits")
    fun javaReaderMatchesTheSpec(case: ConformanceCase, split: Split) {
        val input: InputStream = when (split) {
            Split.WHOLE -> ByteArrayInputStream(case.bytes)
            else -> PiecewiseInputStream(case.pieces(split))
        }
        SseEventReader(input).use { reader ->
            val events = ArrayList<ServerSentEvent>()
            while (reader.hasNext()) events.add(reader.next())
            assertEquals(normalized(case.events), normalized(events), "events")
            assertEquals(case.retry, reader.retryMillis, "retry")
            assertEquals(normalizedId(case.lastEventId), normalizedId(reader.lastEventId), "last event id")
        }
    }

    companion object {
        @JvmStatic
        fun casesAndSplits(): Stream<Arguments> =
            ConformanceCase.all.flatMap { c -> Split.values().map { Arguments.of(c, it) } }.stream()
    }
}

/** An InputStream that returns each piece in its own read (one byte per read for a bytewise split). */
class PiecewiseInputStream(pieces: List<ByteArray>) : InputStream() {
    private val queue = ArrayDeque(pieces.filter { it.isNotEmpty() })
    private var current = ByteArray(0)
    private var pos = 0

    override fun read(): Int {
        val b = ByteArray(1)
        return if (read(b, 0, 1) < 0) -1 else b[0].toInt() and 0xFF
    }

    override fun read(b: ByteArray, off: Int, len: Int): Int {
        if (len == 0) return 0
        if (pos == current.size) {
            current = queue.removeFirstOrNull() ?: return -1
            pos = 0
        }
        val n = minOf(len, current.size - pos)
        System.arraycopy(current, pos, b, off, n)
        pos += n
        return n
    }
}
