package dev.sluice.sse

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import dev.sluice.SluiceException
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

@Timeout(20)
class SseDecoderTest {
    private val events = ArrayList<ServerSentEvent>()

    private fun decoder(limits: DecodeLimits = DecodeLimits(), lastEventId: String? = null) =
        SseDecoder({ events.add(it) }, limits, lastEventId)

    private fun SseDecoder.feed(text: String) = feed(text.toByteArray())

    @Test
    fun eventCompletedByACrOnlyStreamIsDispatchedWithoutTheNextRead() {
        val d = decoder()
        d.feed("data: a\r\r")
        assertEquals(listOf(ServerSentEvent("message", "a", null)), events)
    }

    @Test
    fun eventCompletedByCrlfIsDispatchedWhenTheLfArrives() {
        val d = decoder()
        d.feed("data: a\r\n\r")
        assertEquals(1, events.size, "the CR of the blank line ends it at once")
        d.feed("\ndata: b\r\n\r\n")
        assertEquals(listOf("a", "b"), events.map { it.data })
    }

    @Test
    fun initialLastEventIdIsCarriedUntilTheStreamSetsAnother() {
        val d = decoder(lastEventId = "41")
        assertEquals("41", d.lastEventId)
        d.feed("data: a\n\nid: 42\ndata: b\n\n")
        assertEquals(listOf("41", "42"), events.map { it.id })
        assertEquals("42", d.lastEventId)
    }

    @Test
    fun emptyIdResetsTheLastEventIdToEmpty() {
        val d = decoder(lastEventId = "41")
        d.feed("id\ndata: a\n\n")
        assertEquals("", events.single().id)
        assertEquals("", d.lastEventId)
    }

    @Test
    fun retryIsAppliedAtOnceAndOverflowSaturates() {
        val d = decoder()
        assertNull(d.retryMillis)
        d.feed("retry: 1500\n")
        assertEquals(1500L, d.retryMillis, "applied when the line is read, before any dispatch")
        d.feed("retry:\n")
        assertEquals(1500L, d.retryMillis, "an empty value is not a number")
        d.feed("retry: 99999999999999999999999999\n")
        assertEquals(Long.MAX_VALUE, d.retryMillis)
    }

    @Test
    fun eventTypeIsKeptPerEventAndResetAfterDispatch() {
        val d = decoder()
        d.feed("event: delta\ndata: 1\n\nevent: delta\ndata: 2\n\ndata: 3\n\n")
        assertEquals(listOf("delta", "delta", "message"), events.map { it.type })
    }

    @Test
    fun eventAtTheSizeLimitPassesAndOneByteMoreFailsWithItsOffset() {
        val d = decoder(DecodeLimits().withMaxEventBytes(5))
        d.feed("data: ab\ndata: cd\n\n") // "ab\ncd" = 5 bytes
        assertEquals(listOf("ab\ncd"), events.map { it.data })
        val e = assertFailsWith<LimitExceededException> { d.feed("data: abc\ndata: def\n\n") }
        assertEquals("maxEventBytes", e.limitName)
        assertEquals(5, e.limitValue)
        // Stream so far: 19 bytes; the second line starts at 19 + 10, its value at 35; "abc\n" uses 4 of 5.
        assertEquals(35L + 1, e.offset)
        assertTrue(e is SluiceException)
        assertTrue(e.message!!.contains("maxEventBytes=5"), e.message)
    }

    @Test
    fun lineLimitCountsTheWholeLineIncludingTheFieldName() {
        val d = decoder(DecodeLimits(maxLineBytes = 8))
        d.feed("data: 12\n\n")
        val e = assertFailsWith<LimitExceededException> { d.feed("data: 123\n\n") }
        assertEquals("maxLineBytes", e.limitName)
        assertEquals(10L + 8, e.offset)
        assertEquals(listOf("12"), events.map { it.data })
    }

    @Test
    fun aHugeEventOfManyShortLinesFailsWithBoundedMemory() {
        val d = decoder(DecodeLimits().withMaxEventBytes(1024))
        val line = "data: 0123456789\n".toByteArray()
        var fed = 0
        assertFailsWith<LimitExceededException> {
            while (fed < 10_000_000) {
                d.feed(line)
                fed += line.size
            }
        }
        assertTrue(fed < 2 * 1024, "failed once the data passed 1 KiB (fed $fed bytes)")
    }

    @Test
    fun aFailedOrEndedDecoderRefusesMoreInput() {
        val failed = decoder(DecodeLimits(maxLineBytes = 2))
        assertFailsWith<LimitExceededException> { failed.feed("data: x\n") }
        assertFailsWith<IllegalStateException> { failed.feed("\n") }
        val ended = decoder()
        ended.end()
        assertFailsWith<IllegalStateException> { ended.feed("\n") }
    }

    @Test
    fun unterminatedFinalEventIsDiscardedAtEnd() {
        val d = decoder()
        d.feed("data: a\n\ndata: b\n")
        d.end()
        assertEquals(listOf("a"), events.map { it.data })
    }

    @Test
    fun feedHonoursOffsetAndLength() {
        val d = decoder()
        val b = "XXdata: a\n\nYY".toByteArray()
        d.feed(b, 2, b.size - 4)
        assertEquals(listOf("a"), events.map { it.data })
        assertEquals(b.size - 4L, d.bytesFed)
        assertFailsWith<IndexOutOfBoundsException> { d.feed(b, 10, 10) }
    }

    @Test
    fun aSinkExceptionPropagatesAndFailsTheDecoder() {
        val d = SseDecoder({ throw IllegalArgumentException("boom") })
        assertFailsWith<IllegalArgumentException> { d.feed("data: a\n\n".toByteArray()) }
        assertFailsWith<IllegalStateException> { d.end() }
    }
}
