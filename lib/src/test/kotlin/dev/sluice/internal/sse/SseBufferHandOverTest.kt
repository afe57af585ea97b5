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
        val hello = "h".repeat(5000)
        val line = "data: $hello".toByteArray().copyOf(8192)
        val returned = assembler.onAssembledLine(line, 5006, 0)
        assertNotSame(line, returned, "the scanner must get another buffer once the line is kept")
        assembler.onLine(ByteArray(0), 0, 0, 5007)
        assertSame(line, target.events.single().data, "the data was copied instead of kept")
        assertEquals(6, target.events.single().from)
        assertEquals(hello, target.events.single().text)

        // A second data line joins the kept one; short lines and other fields are copied.
        val a = "a".repeat(4096)
        val first = "data:$a".toByteArray()
        assertNotSame(first, assembler.onAssembledLine(first, first.size, 5008))
        val second = "data: b".toByteArray()
        assertSame(second, assembler.onAssembledLine(second, second.size, 9109))
        val event = "event: ${"x".repeat(5000)}".toByteArray()
        assertSame(event, assembler.onAssembledLine(event, event.size, 9117))
        assembler.onLine(ByteArray(0), 0, 0, 14125)
        assertEquals("$a\nb", target.events.last().text)
        val short = "data: short".toByteArray()
        assertSame(short, assembler.onAssembledLine(short, short.size, 14126), "a short line is copied")
        assembler.onLine(ByteArray(0), 0, 0, 14138)
        assertEquals("short", target.events.last().text)
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
                        append("v".repeat(if (random.nextBoolean()) random.nextInt(0, 100) else random.nextInt(3000, 9000)))
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
        val limits = DecodeLimits().withMaxEventBytes(10_000)
        val ten = "0123456789".repeat(500)
        // 5,000 + LF + 4,999 = 10,000 bytes: allowed; one more byte fails at the same offset either way.
        val fits = "data: $ten\ndata: ${ten.dropLast(1)}\n\n".toByteArray()
        assertEquals(listOf("$ten\n${ten.dropLast(1)}"), decode(splitEvery(fits, 1000), limits).map { it.data })
        val over = "data: $ten\ndata: $ten\n\n".toByteArray()
        val whole = assertFailsWith<LimitExceededException> { decode(listOf(over), limits) }
        val split = assertFailsWith<LimitExceededException> { decode(splitEvery(over, 1000), limits) }
        assertEquals(whole.offset, split.offset)
        assertEquals(whole.message, split.message)
        // A first line over the limit on its own.
        val long = "data: $ten$ten!\n\n".toByteArray()
        val longWhole = assertFailsWith<LimitExceededException> { decode(listOf(long), limits) }
        val longSplit = assertFailsWith<LimitExceededException> { decode(splitEvery(long, 1000), limits) }
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
