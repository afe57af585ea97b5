package dev.sluice.sse

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import java.nio.ByteBuffer
import java.nio.ReadOnlyBufferException
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertSame
import kotlin.test.assertTrue

/** The zero-copy decoder: the same events as the String decoder, as bytes, valid during the call. */
@Timeout(20)
class SseViewDecoderTest {
    /** One event as the view showed it, copied during the call. */
    private class Seen(val type: String, val id: String?, val bytes: ByteArray, val fromBuffer: ByteArray, val text: String)

    private fun ByteBuffer.drainToArray(): ByteArray = ByteArray(remaining()).also { get(it) }

    private fun viewDecode(pieces: List<ByteArray>, limits: DecodeLimits = DecodeLimits()): Pair<List<Seen>, SseViewDecoder> {
        val seen = ArrayList<Seen>()
        val decoder = SseViewDecoder({ e ->
            seen += Seen(e.type, e.id, e.copyData(), e.data().drainToArray(), e.dataToString())
        }, limits)
        pieces.forEach { decoder.feed(it) }
        decoder.end()
        return seen to decoder
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.sluice.sse.SseConformanceTest#casesAndSplits")
    fun conformanceCasesGiveTheStringDecodersEventsAsBytes(case: ConformanceCase, split: SseConformanceTest.Split) {
        val pieces = when (split) {
            SseConformanceTest.Split.WHOLE -> listOf(case.bytes)
            SseConformanceTest.Split.CHUNKS -> case.chunks()
            SseConformanceTest.Split.BYTES -> case.bytewise()
        }
        val strings = ArrayList<ServerSentEvent>()
        SseDecoder({ strings += it }).apply { pieces.forEach { feed(it) }; end() }
        val (seen, decoder) = viewDecode(pieces)
        assertEquals(normalized(case.events), normalized(seen.map { ServerSentEvent(it.type, it.text, it.id) }), "events")
        assertEquals(strings.size, seen.size)
        for ((s, v) in strings.zip(seen)) {
            assertContentEquals(v.bytes, v.fromBuffer, "data() and copyData() agree")
            // Valid UTF-8 round-trips exactly; the String path replaced what was not.
            if ('\uFFFD' !in s.data) assertContentEquals(s.data.toByteArray(), v.bytes, "data bytes")
        }
        assertEquals(case.retry, decoder.retryMillis, "retry")
        assertEquals(normalizedId(case.lastEventId), normalizedId(decoder.lastEventId), "last event id")
    }

    @Test
    fun invalidUtf8IsDeliveredRawAndDecodedLikeTheStringPath() {
        val input = "data: a".toByteArray() + byteArrayOf(0xED.toByte(), 0xA0.toByte(), 0x80.toByte()) + "\n\n".toByteArray()
        val (seen, _) = viewDecode(listOf(input))
        assertContentEquals(byteArrayOf('a'.code.toByte(), 0xED.toByte(), 0xA0.toByte(), 0x80.toByte()), seen.single().bytes)
        assertEquals("a\uFFFD\uFFFD\uFFFD", seen.single().text)
    }

    @Test
    fun theViewIsOnlyValidDuringTheCall() {
        var kept: SseEventView? = null
        var keptBuffer: ByteBuffer? = null
        val decoder = SseViewDecoder({ e ->
            if (kept == null) {
                kept = e
                keptBuffer = e.data()
            } else {
                assertSame(kept, e, "one view object, reused")
            }
        })
        decoder.feed("event: a\ndata: first\n\ndata: second!\n\n".toByteArray())
        val view = kept!!
        assertFailsWith<IllegalStateException> { view.data() }
        assertFailsWith<IllegalStateException> { view.type }
        assertFailsWith<IllegalStateException> { view.copyData() }
        assertTrue(view.toString().contains("outside"))
        // What the documentation warns about: a buffer kept past its call shows later bytes.
        val shown = ByteArray(5).also { keptBuffer!!.get(it) }
        assertEquals("secon", String(shown, Charsets.UTF_8))
    }

    @Test
    fun dataIsReadOnlyAndRewoundOnEachCall() {
        var checked = false
        val decoder = SseViewDecoder({ e ->
            val buffer = e.data()
            assertTrue(buffer.isReadOnly)
            assertFailsWith<ReadOnlyBufferException> { buffer.put(0, 1) }
            assertEquals(3, buffer.remaining())
            buffer.get()
            (buffer as java.nio.Buffer).limit(1)
            assertEquals(0, e.data().position())
            assertEquals(3, e.data().remaining())
            assertEquals(3, e.dataLength)
            assertEquals('c'.code.toByte(), e.dataByte(2))
            assertFailsWith<IndexOutOfBoundsException> { e.dataByte(3) }
            assertEquals(ServerSentEvent("message", "abc", null), e.toEvent())
            checked = true
        })
        decoder.feed("data: abc\n\n".toByteArray())
        assertTrue(checked)
    }

    @Test
    fun limitsFailExactlyAsInTheStringDecoder() {
        val limits = DecodeLimits().withMaxEventBytes(5)
        val input = "data: ab\ndata: cd\n\ndata: abc\ndata: def\n\n".toByteArray()
        val fromStrings = assertFailsWith<LimitExceededException> { SseDecoder({}, limits).feed(input) }
        val seen = ArrayList<String>()
        val decoder = SseViewDecoder({ seen += it.dataToString() }, limits)
        val fromViews = assertFailsWith<LimitExceededException> { decoder.feed(input) }
        assertEquals(listOf("ab\ncd"), seen)
        assertEquals(fromStrings.message, fromViews.message)
        assertEquals(fromStrings.offset, fromViews.offset)
        assertFailsWith<IllegalStateException> { decoder.feed(ByteArray(1)) }

        val lineLimit = DecodeLimits(maxLineBytes = 8)
        val e = assertFailsWith<LimitExceededException> { SseViewDecoder({}, lineLimit).feed("data: 12\n\ndata: 123\n\n".toByteArray()) }
        assertEquals("maxLineBytes", e.limitName)
        assertEquals(18L, e.offset)
    }

    @Test
    fun largeEventsSplitAcrossReadsArriveWhole() {
        val big = "x".repeat(200_000)
        val input = "data: $big\n\ndata: ${big.reversed()}y\n\n".toByteArray()
        val (seen, _) = viewDecode(input.toList().chunked(8192) { it.toByteArray() })
        assertEquals(listOf(big, big + "y"), seen.map { it.text })
    }
}
