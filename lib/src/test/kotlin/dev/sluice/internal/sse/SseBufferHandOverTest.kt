package dev.sluice.internal.sse

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import dev.sluice.sse.SseViewDecoder
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.random.Random
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotSame
import kotlin.test.assertSame

/**
 * An event's first data line, assembled by the scanner across reads, becomes the event's data buffer
 * without a copy; the scanner goes on in the assembler's old buffer. Events, views and limits must
 * not tell the difference from lines that arrived whole.
 */
@Timeout(30)
class SseBufferHandOverTest {
    private class Captured(val data: ByteArray, val from: Int, val text: String)

    private class Capture : SseDispatchTarget {
        val events = ArrayList<Captured>()
        override fun dispatch(data: ByteArray, from: Int, length: Int, type: String, id: String?, offset: Long) {
            events += Captured(data, from, String(data, from, length, Charsets.UTF_8))
        }
    }

    @Test
    fun theAssembledLineIsKeptAndTheOldBufferGivenBack() {
        val target = Capture()
        val assembler = SseEventAssembler(target, 1 shl 20, null)
        val line = "data: hello".toByteArray().copyOf(64)
        val returned = assembler.onAssembledLine(line, 11, 0)
        assertNotSame(line, returned, "the scanner must get another buffer once the line is kept")
        assembler.onLine(ByteArray(0), 0, 0, 12)
        assertSame(line, target.events.single().data, "the data was copied instead of kept")
        assertEquals(6, target.events.single().from)
        assertEquals("hello", target.events.single().text)

        // A second data line joins the kept one; a non-data line is not kept.
        val first = "data:a".toByteArray()
        assertNotSame(first, assembler.onAssembledLine(first, first.size, 13))
        val second = "data: b".toByteArray()
        assertSame(second, assembler.onAssembledLine(second, second.size, 20))
        val event = "event: x".toByteArray()
        assertSame(event, assembler.onAssembledLine(event, event.size, 28))
        assembler.onLine(ByteArray(0), 0, 0, 37)
        assertEquals("a\nb", target.events.last().text)
    }

    @Test
    fun eventsAreTheSameWhetherLinesArriveWholeOrByteByByte() {
        val random = Random(20261201)
        repeat(200) { round ->
            val stream = buildString {
                repeat(1 + random.nextInt(6)) {
                    if (random.nextInt(3) == 0) append("event: e${random.nextInt(3)}\n")
                    repeat(1 + random.nextInt(3)) {
                        append(if (random.nextBoolean()) "data: " else "data:")
                        append("v".repeat(random.nextInt(0, 3000)))
                        append(listOf("\n", "\r\n", "\r")[random.nextInt(3)])
                    }
                    append("\n")
                }
            }.toByteArray()
            val whole = decode(listOf(stream))
            val pieces = splitRandomly(stream, random)
            assertEquals(whole, decode(pieces), "round $round")
            assertEquals(whole, viewDecode(pieces), "round $round, views")
        }
    }

    @Test
    fun viewsOverAlternatingBuffersShowEachEventsOwnBytes() {
        val big = (0 until 5).map { n -> ('a' + n).toString().repeat(20_000 + n) }
        val stream = big.joinToString("") { "data: $it\n\n" }.toByteArray()
        val seen = ArrayList<String>()
        val decoder = SseViewDecoder({ e ->
            val viaBuffer = e.data().let { b -> ByteArray(b.remaining()).also { b.get(it) } }
            assertContentEquals(e.copyData(), viaBuffer)
            assertEquals(e.dataByte(0).toInt().toChar(), e.dataToString()[0])
            assertEquals(0, e.data().position())
            seen += String(viaBuffer, Charsets.UTF_8)
        })
        stream.toList().chunked(8192) { it.toByteArray() }.forEach { decoder.feed(it) }
        decoder.end()
        assertEquals(big, seen)
    }

    @Test
    fun theEventLimitHoldsExactlyForKeptLines() {
        val limits = DecodeLimits().withMaxEventBytes(20)
        // 10 + LF + 9 = 20 bytes: allowed; one more byte fails at the same offset either way.
        val fits = "data: 0123456789\ndata: 012345678\n\n".toByteArray()
        assertEquals(listOf("0123456789\n012345678"), decode(splitEvery(fits, 3), limits).map { it.data })
        val over = "data: 0123456789\ndata: 0123456789\n\n".toByteArray()
        val whole = assertFailsWith<LimitExceededException> { decode(listOf(over), limits) }
        val split = assertFailsWith<LimitExceededException> { decode(splitEvery(over, 3), limits) }
        assertEquals(whole.offset, split.offset)
        assertEquals(whole.message, split.message)
        // A first line over the limit on its own.
        val long = "data: 0123456789012345678901\n\n".toByteArray()
        val longWhole = assertFailsWith<LimitExceededException> { decode(listOf(long), limits) }
        val longSplit = assertFailsWith<LimitExceededException> { decode(splitEvery(long, 4), limits) }
        assertEquals(longWhole.offset, longSplit.offset)
    }

    private fun decode(pieces: List<ByteArray>, limits: DecodeLimits = DecodeLimits()): List<ServerSentEvent> {
        val events = ArrayList<ServerSentEvent>()
        val decoder = SseDecoder({ events += it }, limits)
        pieces.forEach { decoder.feed(it) }
        decoder.end()
        return events
    }

    private fun viewDecode(pieces: List<ByteArray>): List<ServerSentEvent> {
        val events = ArrayList<ServerSentEvent>()
        val decoder = SseViewDecoder({ events += it.toEvent() })
        pieces.forEach { decoder.feed(it) }
        decoder.end()
        return events
    }

    private fun splitEvery(b: ByteArray, n: Int): List<ByteArray> = b.toList().chunked(n) { it.toByteArray() }

    private fun splitRandomly(b: ByteArray, random: Random): List<ByteArray> {
        val out = ArrayList<ByteArray>()
        var i = 0
        while (i < b.size) {
            val n = minOf(b.size - i, 1 + random.nextInt(if (random.nextBoolean()) 4 else 5000))
            out += b.copyOfRange(i, i + n)
            i += n
        }
        return out
    }
}
