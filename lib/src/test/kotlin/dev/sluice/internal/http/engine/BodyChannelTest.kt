package dev.sluice.internal.http.engine

import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.ClosedReadChannelException
import io.ktor.utils.io.readAvailable
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * The engine's body channel without a socket: wire bytes go into a Ktor channel in pieces, the
 * body comes out of [BodyChannel]. The socket-level cases (every ending, over real connections)
 * are in `HttpEndingsTest`; this covers the framing state kept across reads and the batching.
 */
class BodyChannelTest {
    private val chunked = "5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n"
    private val body = "hello 0123456789"

    private class Run(val body: String, val failure: String?, val releases: Int)

    /** Feeds [wire] in pieces cut at [cuts], reading the body as it arrives, then closes the input. */
    private fun run(wire: String, framing: BodyFraming, cuts: List<Int> = emptyList()): Run = runBlocking {
        val input = ByteChannel()
        val ending = BodyEnding()
        var releases = 0
        val channel = BodyChannel(input, framing, ending) { releases++ }
        val reader = async { readAll(channel) }
        val bytes = wire.toByteArray()
        var from = 0
        for (cut in cuts + bytes.size) {
            input.writeFully(bytes, from, cut)
            input.flush()
            yield()
            from = cut
        }
        input.flushAndClose()
        Run(reader.await(), ending.failure?.message, releases)
    }

    private suspend fun readAll(channel: ByteReadChannel): String {
        val out = StringBuilder()
        val buffer = ByteArray(7)
        while (true) {
            val n = channel.readAvailable(buffer, 0, buffer.size)
            if (n < 0) return out.toString()
            out.append(String(buffer, 0, n))
        }
    }

    @Test
    fun chunkedBodyCutAtEveryByteComesOutWhole() {
        for (cut in 1 until chunked.length) {
            val r = run(chunked, BodyFraming.Chunked, listOf(cut))
            assertEquals(body, r.body, "cut at $cut")
            assertNull(r.failure, "cut at $cut")
            assertEquals(1, r.releases, "cut at $cut")
        }
    }

    @Test
    fun chunkedBodyFedOneByteAtATime() {
        val r = run(chunked, BodyFraming.Chunked, (1 until chunked.length).toList())
        assertEquals(body, r.body)
        assertNull(r.failure)
    }

    @Test
    fun chunksAlreadyArrivedAreFramedInOneRead() = runBlocking {
        val input = ByteChannel()
        input.writeFully(chunked.toByteArray())
        input.flush()
        val channel = BodyChannel(input, BodyFraming.Chunked, BodyEnding()) {}
        assertTrue(channel.awaitContent(1))
        @OptIn(io.ktor.utils.io.InternalAPI::class)
        assertEquals(body.length.toLong(), channel.readBuffer.let { (it as kotlinx.io.Buffer).size })
    }

    @Test
    fun malformedChunkHeaderEndsTheBodyAfterTheDataBeforeIt() {
        val r = run("3\r\nabc\r\nzz\r\nmore", BodyFraming.Chunked)
        assertEquals("abc", r.body)
        assertEquals("malformed chunk header 'zz' after 3 body bytes", r.failure)
        assertEquals(1, r.releases)
    }

    @Test
    fun chunkLongerThanItsSizeIsMalformed() {
        val r = run("3\r\nabcd\r\n0\r\n\r\n", BodyFraming.Chunked)
        assertEquals("abc", r.body)
        assertEquals("malformed chunk: data longer than its size after 3 body bytes", r.failure)
    }

    @Test
    fun everyCutShortChunkedBodyIsReportedWithWhatArrived() {
        val expected = mapOf(
            "5\r\nhel" to ("hel" to "chunked body ended inside a chunk after 3 bytes"),
            "5\r\nhello\r\n" to ("hello" to "chunked body ended without its terminating chunk after 5 bytes"),
            "5\r\nhello\r\n0\r\nTrai" to ("hello" to "chunked body ended inside its trailers after 5 bytes"),
            "5\r\nhello\r\n1" to ("hello" to "chunked body ended without its terminating chunk after 5 bytes"),
        )
        for ((wire, outcome) in expected) {
            val r = run(wire, BodyFraming.Chunked)
            assertEquals(outcome.first, r.body, wire)
            assertEquals(outcome.second, r.failure, wire)
            assertEquals(1, r.releases, wire)
        }
    }

    @Test
    fun lengthDelimitedBodyStopsAtItsLengthOrSaysItWasShort() {
        val whole = run("0123456789extra", BodyFraming.Length(10), listOf(4))
        assertEquals("0123456789", whole.body)
        assertNull(whole.failure)
        val short = run("012", BodyFraming.Length(10))
        assertEquals("012", short.body)
        assertEquals("connection closed after 3 of 10 announced body bytes", short.failure)
    }

    @Test
    fun emptyLengthBodyIsReleasedAtOnce() {
        var releases = 0
        val channel = BodyChannel(ByteChannel(), BodyFraming.Length(0), BodyEnding()) { releases++ }
        assertEquals(1, releases)
        assertTrue(channel.isClosedForRead)
    }

    @Test
    fun closeDelimitedBodyEndsHonestlyAtTheClose() {
        val r = run("all of it", BodyFraming.ToEnd, listOf(3, 5))
        assertEquals("all of it", r.body)
        assertNull(r.failure)
        assertEquals(1, r.releases)
    }

    @Test
    fun brokenConnectionIsRecordedAfterTheBytesReceived() = runBlocking {
        val input = ByteChannel()
        val ending = BodyEnding()
        val channel = BodyChannel(input, BodyFraming.Chunked, ending) {}
        input.writeFully("3\r\nabc\r\n".toByteArray())
        input.flush()
        val reader = async { readAll(channel) }
        yield()
        input.cancel(java.io.IOException("reset by peer"))
        assertEquals("abc", reader.await())
        val failure = assertNotNull(ending.failure)
        assertEquals("connection broke after 3 body bytes: reset by peer", failure.message)
    }

    @Test
    fun cancelReleasesTheConnectionAndFailsLaterReads() = runBlocking {
        var releases = 0
        val channel = BodyChannel(ByteChannel(), BodyFraming.Chunked, BodyEnding()) { releases++ }
        channel.cancel(null)
        channel.cancel(null)
        assertEquals(1, releases)
        assertTrue(channel.isClosedForRead)
        assertFailsWith<ClosedReadChannelException> { channel.awaitContent(1) }
        Unit
    }
}
