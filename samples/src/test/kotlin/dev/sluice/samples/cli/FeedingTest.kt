package dev.sluice.samples.cli

import org.junit.jupiter.api.Test
import java.io.ByteArrayInputStream
import java.io.InputStream
import kotlin.test.assertEquals

/** The pieces `Feeding` hands a decoder do not depend on how the input arrives. */
class FeedingTest {
    private val input = ByteArray(1000) { (it % 251).toByte() }

    @Test
    fun splitFeedsExactlyNBytesAtATimeWhateverTheReads() {
        for (n in listOf(1, 3, 7, 64, 999, 1000, 5000)) {
            val expected = input.indices.chunked(n).map { input.copyOfRange(it.first(), it.last() + 1).toList() }
            for (readSizes in READ_PATTERNS) {
                assertEquals(expected, pieces(listOf("--split", "$n"), TricklingInput(input, readSizes)), "--split $n, reads $readSizes")
            }
        }
    }

    @Test
    fun chunksFeedThePiecesBetweenOffsetsThenReadsAsTheyArrive() {
        val cuts = listOf(0, 1, 2, 300, 301, 900)
        val bounds = listOf(0) + cuts.filter { it > 0 }
        val expectedCut = bounds.zipWithNext { a, b -> input.copyOfRange(a, b).toList() }
        for (readSizes in READ_PATTERNS) {
            val actual = pieces(listOf("--chunks", cuts.joinToString(",")), TricklingInput(input, readSizes))
            assertEquals(expectedCut, actual.take(expectedCut.size), "reads $readSizes")
            assertEquals(input.copyOfRange(900, 1000).toList(), actual.drop(expectedCut.size).flatten(), "reads $readSizes")
        }
        val beyondTheEnd = pieces(listOf("--chunks", "10,2000"), ByteArrayInputStream(input))
        assertEquals(listOf(input.copyOfRange(0, 10).toList(), input.copyOfRange(10, 1000).toList()), beyondTheEnd)
    }

    @Test
    fun withoutOptionsEachReadIsFedAsItArrivesAndCaughtUpFollowsEachRead() {
        val events = mutableListOf<String>()
        Feeding.from(CliOptions.parse(emptyList(), setOf(SPLIT, CHUNKS)))
            .feed(TricklingInput(input, listOf(10, 500, 490)), { _, _, len -> events += "feed $len" }) { events += "caught up" }
        assertEquals(listOf("feed 10", "caught up", "feed 500", "caught up", "feed 490", "caught up"), events)
    }

    @Test
    fun aSplitPieceIsHeldUntilCompleteThenFedBeforeCatchingUp() {
        val events = mutableListOf<String>()
        Feeding.from(CliOptions.parse(listOf("--split", "4"), setOf(SPLIT, CHUNKS)))
            .feed(TricklingInput(input.copyOf(10), listOf(3, 6, 1)), { _, _, len -> events += "feed $len" }) { events += "caught up" }
        assertEquals(listOf("caught up", "feed 4", "feed 4", "caught up", "caught up", "feed 2"), events)
    }

    private fun pieces(args: List<String>, input: InputStream): List<List<Byte>> {
        val pieces = mutableListOf<List<Byte>>()
        Feeding.from(CliOptions.parse(args, setOf(SPLIT, CHUNKS)))
            .feed(input, { b, off, len -> pieces += b.copyOfRange(off, off + len).toList() }) {}
        return pieces
    }

    /** Returns at most the next of [readSizes] bytes per read (cycling), as a pipe might. */
    private class TricklingInput(private val bytes: ByteArray, private val readSizes: List<Int>) : InputStream() {
        private var pos = 0
        private var reads = 0

        override fun read(): Int = if (pos < bytes.size) bytes[pos++].toInt() and 0xFF else -1

        override fun read(b: ByteArray, off: Int, len: Int): Int {
            if (pos == bytes.size) return -1
            val n = minOf(len, readSizes[reads++ % readSizes.size], bytes.size - pos)
            System.arraycopy(bytes, pos, b, off, n)
            pos += n
            return n
        }
    }

    private companion object {
        val READ_PATTERNS = listOf(listOf(1000), listOf(1), listOf(7, 2, 300), listOf(64, 1, 1))
    }
}
