package dev.sluice.internal.text

import dev.sluice.LimitExceededException
import dev.sluice.sse.SseViewDecoder
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.random.Random
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/**
 * Lines split across reads of new arrays are searched in the scanner's own buffer: the same lines
 * and offsets as a plain split of the whole stream, for any mix of line lengths, breaks, reads
 * and limits, and no word view (an object) per read of a stream of large events.
 */
@Timeout(60)
class LineScannerScratchTest {
    private class Lines : LineSink {
        val lines = ArrayList<String>()
        val offsets = ArrayList<Long>()
        override fun onLine(buf: ByteArray, off: Int, len: Int, startOffset: Long) {
            lines.add(String(buf, off, len, Charsets.ISO_8859_1))
            offsets.add(startOffset)
        }
    }

    /** A stream of lines whose lengths mix the short, the read-sized and the very long. */
    private fun stream(random: Random): String {
        val sb = StringBuilder()
        repeat(random.nextInt(1, 30)) {
            val len = when (random.nextInt(6)) {
                0 -> 0
                1 -> random.nextInt(1, 40)
                2 -> random.nextInt(100, 300)
                3 -> random.nextInt(1000, 3000)
                4 -> random.nextInt(8000, 20_000)
                else -> random.nextInt(60_000, 70_000)
            }
            repeat(len) { sb.append(('a' + random.nextInt(26))) }
            sb.append(listOf("\n", "\r", "\r\n")[random.nextInt(3)])
        }
        if (random.nextBoolean()) repeat(random.nextInt(1, 12_000)) { sb.append('z') } // a partial last line
        return sb.toString()
    }

    /** The lines (and their offsets) of [text] split at every CR, LF and CRLF; an unterminated last line counts. */
    private fun reference(text: String): Pair<List<String>, List<Long>> {
        val lines = ArrayList<String>()
        val offsets = ArrayList<Long>()
        var start = 0
        var i = 0
        while (i < text.length) {
            val c = text[i]
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i))
                offsets.add(start.toLong())
                if (c == '\r' && i + 1 < text.length && text[i + 1] == '\n') i++
                start = i + 1
            }
            i++
        }
        if (start < text.length) {
            lines.add(text.substring(start))
            offsets.add(start.toLong())
        }
        return lines to offsets
    }

    /**
     * Feeds [bytes] in random reads: mostly a new array each (at a random offset inside it), now
     * and then one reused buffer, as the callers of a scanner do.
     */
    private fun feedRandomly(scanner: LineScanner, bytes: ByteArray, random: Random) {
        val reused = ByteArray(20_000)
        var at = 0
        while (at < bytes.size) {
            val n = minOf(bytes.size - at, if (random.nextInt(4) == 0) random.nextInt(1, 64) else random.nextInt(1, 20_000))
            if (random.nextInt(5) == 0) {
                System.arraycopy(bytes, at, reused, 0, n)
                scanner.feed(reused, 0, n)
            } else {
                val pad = random.nextInt(3)
                val read = ByteArray(n + 2 * pad)
                System.arraycopy(bytes, at, read, pad, n)
                scanner.feed(read, pad, n)
            }
            at += n
        }
    }

    @Test
    fun randomStreamsInRandomReadsGiveThePlainSplit() {
        val random = Random(20261201)
        repeat(300) { round ->
            val text = stream(random)
            val sink = Lines()
            val scanner = LineScanner(sink, 1 shl 20)
            feedRandomly(scanner, text.toByteArray(Charsets.ISO_8859_1), random)
            scanner.end(emitPartialLine = true)
            val (lines, offsets) = reference(text)
            assertEquals(lines.size, sink.lines.size, "round $round: line count")
            assertEquals(lines, sink.lines, "round $round")
            assertEquals(offsets, sink.offsets, "round $round: offsets")
        }
    }

    @Test
    fun theLineLimitBindsAtTheSameByteWhateverTheReads() {
        val random = Random(7)
        repeat(300) { round ->
            val text = stream(random)
            val max = listOf(40, 300, 5000, 9000, 30_000)[random.nextInt(5)]
            val (lines, offsets) = reference(text)
            val over = lines.indexOfFirst { it.length > max }
            val sink = Lines()
            val scanner = LineScanner(sink, max)
            val bytes = text.toByteArray(Charsets.ISO_8859_1)
            if (over < 0) {
                feedRandomly(scanner, bytes, random)
                scanner.end(emitPartialLine = true)
                assertEquals(lines, sink.lines, "round $round")
            } else {
                val e = assertFailsWith<LimitExceededException>("round $round") {
                    feedRandomly(scanner, bytes, random)
                    scanner.end(emitPartialLine = true)
                }
                assertEquals(offsets[over] + max, e.offset, "round $round: where the limit bound")
                assertEquals(lines.subList(0, over), sink.lines, "round $round: the lines before")
                assertTrue(scanner.bufferedCapacity <= max, "round $round: buffered ${scanner.bufferedCapacity}")
            }
        }
    }

    @Test
    fun aSplitLineExactlyAtTheLimitPassesAndOneByteMoreFails() {
        val max = 10_000
        for (br in listOf("\n", "\r", "\r\n")) {
            for (extra in 0..1) {
                val sink = Lines()
                val scanner = LineScanner(sink, max)
                // the line starts in one read and ends in a new array: searched in the scanner's buffer
                val head = "x".repeat(100).toByteArray()
                val tail = ("y".repeat(max - 100 + extra) + br + "next\n").toByteArray()
                scanner.feed(head, 0, head.size)
                if (extra == 0) {
                    scanner.feed(tail, 0, tail.size)
                    assertEquals(listOf("x".repeat(100) + "y".repeat(max - 100), "next"), sink.lines, "break ${br.length}")
                } else {
                    val e = assertFailsWith<LimitExceededException> { scanner.feed(tail, 0, tail.size) }
                    assertEquals(max.toLong(), e.offset)
                }
            }
        }
    }

    /** A line over the retained size leaves no buffer behind, not even through a word view of it. */
    @Test
    fun aBufferDroppedAfterAHugeLineIsNotKeptByAView() {
        val scanner = LineScanner(Lines(), 8 shl 20)
        val pendingField = LineScanner::class.java.getDeclaredField("pending").apply { isAccessible = true }
        val piece = ByteArray(8192) { 'h'.code.toByte() }
        repeat(300) { scanner.feed(piece.copyOf(), 0, piece.size) } // a 2.4 MB line, split across new arrays
        val huge = java.lang.ref.WeakReference(pendingField.get(scanner) as ByteArray)
        assertTrue(huge.get()!!.size > 1 shl 20, "the line grew the buffer past the retained size")
        repeat(10) { // the line ends; short lines follow, each in a new array
            val read = "\n${"s".repeat(100)}".toByteArray()
            scanner.feed(read, 0, read.size)
        }
        var rounds = 0
        while (huge.get() != null && rounds++ < 20) System.gc()
        assertTrue(huge.get() == null, "the dropped buffer is still reachable")
    }

    @Test
    fun largeEventsReadIntoNewArraysAllocateNoViewPerRead() {
        val size = 64 * 1024
        // Events that straddle the reads, and events of exactly 64 KiB, so that each starts a read.
        val straddling = (0 until 40).map { "event: big\ndata: ${"q".repeat(size - 10)}$it\n\n" }
        val aligned = (0 until 40).map { "data: " + "a".repeat(size - 8) + "\n\n" }
        for ((name, events) in listOf("straddling" to straddling, "aligned" to aligned)) {
            val wire = events.joinToString("").toByteArray()
            val reads = (0 until wire.size step 8192).map { wire.copyOfRange(it, minOf(wire.size, it + 8192)) }
            val passes = 5 // one stream of 200 events, so that setting up the decoder weighs little per event
            var bytes = 0L
            fun stream() {
                val decoder = SseViewDecoder({ v -> bytes += v.dataLength })
                repeat(passes) { reads.forEach { decoder.feed(it) } }
                decoder.end()
            }
            repeat(3) { stream() } // warm: buffers grown and pooled, code compiled
            bytes = 0
            val threads = java.lang.management.ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
            val before = threads.getThreadAllocatedBytes(Thread.currentThread().id)
            stream()
            val perEvent = (threads.getThreadAllocatedBytes(Thread.currentThread().id) - before) / (passes * events.size)
            val expected = events.sumOf { it.length - it.indexOf("data: ") - 8L }
            assertEquals(passes * expected, bytes, "$name: every event decoded")
            assertTrue(perEvent < 32, "$name: $perEvent bytes per event")
        }
    }
}
