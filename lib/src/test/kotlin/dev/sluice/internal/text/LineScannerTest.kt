package dev.sluice.internal.text

import dev.sluice.LimitExceededException
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

@Timeout(20)
class LineScannerTest {
    private class Lines : LineSink {
        val lines = ArrayList<String>()
        val offsets = ArrayList<Long>()
        override fun onLine(buf: ByteArray, off: Int, len: Int, startOffset: Long) {
            lines.add(Utf8.decode(buf, off, len))
            offsets.add(startOffset)
        }
    }

    private fun scan(vararg pieces: String, emitPartial: Boolean = true, max: Int = 1 shl 20): Lines {
        val sink = Lines()
        val scanner = LineScanner(sink, max)
        pieces.forEach { val b = it.toByteArray(); scanner.feed(b, 0, b.size) }
        scanner.end(emitPartial)
        return sink
    }

    private fun scanBytes(pieces: List<ByteArray>, max: Int = 1 shl 20): Lines {
        val sink = Lines()
        val scanner = LineScanner(sink, max)
        pieces.forEach { scanner.feed(it, 0, it.size) }
        scanner.end(true)
        return sink
    }

    @Test
    fun crLfAndCrlfEachEndALine() {
        assertEquals(listOf("a", "b", "c", "", "d"), scan("a\rb\nc\r\n\nd").lines)
    }

    @Test
    fun crlfSplitAcrossReadsIsOneLineBreak() {
        assertEquals(listOf("a", "b"), scan("a\r", "\nb").lines)
    }

    @Test
    fun crAtEndOfReadEndsTheLineBeforeTheNextRead() {
        val sink = Lines()
        val scanner = LineScanner(sink, 100)
        scanner.feed("x\r".toByteArray(), 0, 2)
        assertEquals(listOf("x"), sink.lines, "line delivered without waiting for the next read")
        scanner.feed("\r".toByteArray(), 0, 1)
        assertEquals(listOf("x", ""), sink.lines, "a second CR is an empty line, at once")
        scanner.feed("\ny".toByteArray(), 0, 2)
        scanner.end(true)
        assertEquals(listOf("x", "", "y"), sink.lines, "the LF after the CR was skipped")
    }

    @Test
    fun lfAfterCrIsSkippedEvenAfterEmptyReads() {
        assertEquals(listOf("a", "b"), scan("a\r", "", "\nb").lines)
    }

    @Test
    fun lfThenCrIsTwoLineEnds() {
        assertEquals(listOf("a", "", "b"), scan("a\n\rb").lines)
    }

    @Test
    fun crAtEndOfStreamEndsItsLine() {
        assertEquals(listOf("a"), scan("a\r", emitPartial = false).lines)
    }

    @Test
    fun unterminatedLastLineIsEmittedOnlyWhenAsked() {
        assertEquals(listOf("a", "b"), scan("a\nb", emitPartial = true).lines)
        assertEquals(listOf("a"), scan("a\nb", emitPartial = false).lines)
    }

    @Test
    fun everySplitOfTheInputGivesTheSameLines() {
        val text = "\uFEFFone\r\ntwo\rthree\n\r\nf\u00FCnf \u4E2D \uD83D\uDE00\r"
        val bytes = text.toByteArray()
        val expected = scanBytes(listOf(bytes)).lines
        assertEquals(listOf("one", "two", "three", "", "f\u00FCnf \u4E2D \uD83D\uDE00"), expected)
        for (a in 0..bytes.size) for (b in a..bytes.size) {
            val pieces = listOf(bytes.copyOfRange(0, a), bytes.copyOfRange(a, b), bytes.copyOfRange(b, bytes.size))
            assertEquals(expected, scanBytes(pieces).lines, "split at $a,$b")
        }
        assertEquals(expected, scanBytes(bytes.map { byteArrayOf(it) }).lines, "byte at a time")
    }

    @Test
    fun byteOrderMarkIsStrippedOnlyAtTheStartEvenOneByteAtATime() {
        val bytes = "\uFEFFa\n\uFEFFb\n".toByteArray()
        val lines = scanBytes(bytes.map { byteArrayOf(it) })
        assertEquals(listOf("a", "\uFEFFb"), lines.lines)
        assertEquals(listOf(3L, 5L), lines.offsets)
    }

    @Test
    fun onlyTheFirstOfTwoByteOrderMarksIsStripped() {
        assertEquals(listOf("\uFEFFa"), scanBytes(listOf("\uFEFF\uFEFFa".toByteArray())).lines)
    }

    @Test
    fun aBrokenByteOrderMarkIsText() {
        val bytes = byteArrayOf(0xEF.toByte(), 0xBB.toByte(), 'x'.code.toByte(), '\n'.code.toByte())
        assertEquals(listOf("\uFFFDx"), scanBytes(bytes.map { byteArrayOf(it) }).lines)
        assertEquals(listOf("\uFFFD"), scanBytes(listOf(bytes.copyOfRange(0, 2))).lines, "at end of stream")
        assertEquals(listOf("\uFFFD", "x"), scanBytes(listOf(byteArrayOf(0xEF.toByte(), '\n'.code.toByte(), 'x'.code.toByte()))).lines)
    }

    @Test
    fun lineOffsetsCountEveryByteOfTheStream() {
        assertEquals(listOf(0L, 2L, 6L, 7L), scan("a\nbc\r\n\nd").offsets)
    }

    @Test
    fun aLineAtTheLimitPassesAndOneByteMoreFails() {
        assertEquals(listOf("abcd"), scan("ab", "cd\n", max = 4).lines)
        val e = assertFailsWith<LimitExceededException> { scan("ok\nab", "cde\n", max = 4) }
        assertEquals("maxLineBytes", e.limitName)
        assertEquals(4, e.limitValue)
        assertEquals(3L + 4, e.offset, "first byte past the limit in a line starting at 3")
    }

    @Test
    fun anUnterminatedLastLineIsBoundedToo() {
        assertFailsWith<LimitExceededException> { scan("abcde", max = 4) }
    }

    @Test
    fun aHugeLineFailsEarlyWithBoundedMemory() {
        val sink = Lines()
        val limit = 1024
        val scanner = LineScanner(sink, limit)
        val chunk = ByteArray(1 shl 20) { 'a'.code.toByte() }
        scanner.feed("short\n".toByteArray(), 0, 6)
        var fed = 0L
        val e = assertFailsWith<LimitExceededException> {
            while (fed < 100L * (1 shl 20)) { // a 100 MB line, fed in 1 MiB reads
                scanner.feed(chunk, 0, chunk.size)
                fed += chunk.size
            }
        }
        assertEquals(0L, fed, "failed within the first read")
        assertEquals(6L + limit, e.offset)
        assertTrue(scanner.bufferedCapacity <= limit, "buffer ${scanner.bufferedCapacity} stayed within the limit")
        assertEquals(listOf("short"), sink.lines)
    }

    @Test
    fun aLongLineSplitAcrossReadsNeverBuffersPastTheLimit() {
        val limit = 64 * 1024
        val scanner = LineScanner(Lines(), limit)
        val piece = ByteArray(1000) { 'a'.code.toByte() }
        var fed = 0L
        val e = assertFailsWith<LimitExceededException> {
            while (fed < 100L * (1 shl 20)) {
                scanner.feed(piece, 0, piece.size)
                fed += piece.size
            }
        }
        assertTrue(fed <= limit, "failed as soon as the limit was passed (after $fed bytes)")
        assertEquals(limit.toLong(), e.offset)
        assertTrue(scanner.bufferedCapacity <= limit)
    }

    @Test
    fun aReadBufferRefilledBetweenReadsIsSearchedAsItNowIs() {
        // A reader reuses one buffer: the scanner keeps its word view of it, which must show the
        // bytes of each read, not the first; other arrays (and short reads) in between too.
        val text = (0 until 40).joinToString("") { "line $it " + "x".repeat(it * 7) + if (it % 3 == 0) "\r\n" else "\n" }
        val bytes = text.toByteArray()
        for (size in listOf(7, 33, 64, 100, 257)) {
            val sink = Lines()
            val scanner = LineScanner(sink, 1 shl 20)
            val buffer = ByteArray(size)
            var at = 0
            var k = 0
            while (at < bytes.size) {
                val n = minOf(if (k % 5 == 4) 3 else size, bytes.size - at)
                val read = if (k++ % 4 == 3) ByteArray(n) else buffer
                System.arraycopy(bytes, at, read, 0, n)
                scanner.feed(read, 0, n)
                at += n
            }
            scanner.end(true)
            assertEquals(text.split("\r\n", "\n").dropLast(1), sink.lines, "reads of $size")
        }
    }
}
