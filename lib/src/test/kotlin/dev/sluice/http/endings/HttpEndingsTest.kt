package dev.sluice.http.endings

import dev.sluice.http.HttpClient
import dev.sluice.http.HttpClientOptions
import dev.sluice.http.HttpTransportException
import dev.sluice.http.RetryPolicy
import dev.sluice.http.SluiceHttp
import dev.sluice.http.UnsupportedContentEncodingException
import dev.sluice.testing.Exchange
import dev.sluice.testing.RawServer
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import java.io.ByteArrayOutputStream
import java.util.zip.Deflater
import java.util.zip.DeflaterOutputStream
import java.util.zip.GZIPOutputStream
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Honest endings over a raw socket, for every view (flow, publisher, future, blocking) and every
 * body kind (bytes, lines, SSE): a body cut short or mis-framed fails with the byte count after
 * what arrived was delivered; gzip and deflate bodies stream decompressed; other encodings are a
 * typed error.
 */
@Timeout(30)
class HttpEndingsTest {
    companion object {
        @JvmStatic
        fun cases(): List<Arguments> = HttpView.entries.flatMap { v -> BodyKind.entries.map { k -> Arguments.of(v, k) } }

        private const val EVENT = "data: a\n\n"
    }

    private fun read(view: HttpView, kind: BodyKind, compression: Boolean = false, respond: (Exchange) -> Unit): Pair<Outcome<String>, RawServer> {
        val server = RawServer { respond(it) }
        val options = HttpClientOptions().apply {
            retryPolicy = RetryPolicy.none()
            acceptCompression = compression
        }
        server.use {
            SluiceHttp.wrap(HttpClient(options)).use { http ->
                return view.run(kind.of(http.get(server.url + "/s"))) to server
            }
        }
    }

    /** What [kind] delivers for one `data: a` event: its bytes, its two lines, or the event's data. */
    private fun delivered(kind: BodyKind, outcome: Outcome<String>): String = when (kind) {
        BodyKind.BYTES -> outcome.items.joinToString("")
        BodyKind.LINES -> outcome.items.joinToString("|")
        BodyKind.SSE -> outcome.items.joinToString("|")
    }

    private fun expectedFirst(kind: BodyKind): String = when (kind) {
        BodyKind.BYTES -> EVENT
        BodyKind.LINES -> "data: a|"
        BodyKind.SSE -> "a"
    }

    private fun assertFailedAfterFirstEvent(view: HttpView, kind: BodyKind, outcome: Outcome<String>, message: String) {
        val e = assertIs<HttpTransportException>(outcome.error, "ended with ${outcome.error}")
        assertContains(e.message!!, message)
        if (view.deliversBeforeEnd) assertEquals(expectedFirst(kind), delivered(kind, outcome), "bytes received are delivered first")
    }

    @ParameterizedTest
    @MethodSource("cases")
    fun aChunkedBodyWithoutItsTerminatingChunkIsATransportErrorWithTheByteCount(view: HttpView, kind: BodyKind) {
        val (outcome, _) = read(view, kind) { ex ->
            ex.startChunked(200, "text/event-stream")
            ex.chunk(EVENT)
            ex.drop()
        }
        assertFailedAfterFirstEvent(view, kind, outcome, "chunked body ended without its terminating chunk after 9 bytes")
    }

    @ParameterizedTest
    @MethodSource("cases")
    fun aMalformedChunkHeaderAfterValidChunksIsATransportErrorWithTheByteCount(view: HttpView, kind: BodyKind) {
        val (outcome, _) = read(view, kind) { ex ->
            ex.startChunked(200, "text/event-stream")
            ex.chunk(EVENT)
            ex.write("zz\r\ndata: b\n\n\r\n0\r\n\r\n".toByteArray())
            ex.drop()
        }
        assertFailedAfterFirstEvent(view, kind, outcome, "malformed chunk header 'zz' after 9 body bytes")
    }

    @ParameterizedTest
    @MethodSource("cases")
    fun aContentLengthBodyThatEndsShortIsATransportErrorWithTheByteCount(view: HttpView, kind: BodyKind) {
        val (outcome, _) = read(view, kind) { ex ->
            ex.head(200, mapOf("Content-Type" to "text/event-stream", "Content-Length" to "100"))
            ex.write(EVENT.toByteArray())
            ex.drop()
        }
        assertFailedAfterFirstEvent(view, kind, outcome, "after 9 of 100 announced body bytes")
    }

    @ParameterizedTest
    @MethodSource("cases")
    fun gzipAndDeflateBodiesStreamDecompressed(view: HttpView, kind: BodyKind) {
        for (encoding in listOf("gzip", "deflate")) {
            var acceptEncoding: String? = null
            val (outcome, _) = read(view, kind, compression = true) { ex ->
                acceptEncoding = ex.header("Accept-Encoding")
                ex.startChunked(200, "text/event-stream", mapOf("Content-Encoding" to encoding))
                val sink = ChunkSink(ex)
                val out = if (encoding == "gzip") GZIPOutputStream(sink, true) else DeflaterOutputStream(sink, Deflater(), true)
                repeat(3) {
                    out.write(EVENT.toByteArray())
                    out.flush() // a sync flush: each event leaves as its own chunk
                }
                out.close()
                ex.endChunks()
            }
            assertNull(outcome.error, "$encoding: ${outcome.error}")
            assertEquals("gzip, deflate", acceptEncoding)
            val expected = when (kind) {
                BodyKind.BYTES -> EVENT.repeat(3)
                BodyKind.LINES -> "data: a||data: a||data: a|"
                BodyKind.SSE -> "a|a|a"
            }
            assertEquals(expected, delivered(kind, outcome), encoding)
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    fun aTruncatedGzipBodyIsATransportError(view: HttpView, kind: BodyKind) {
        val compressed = ByteArrayOutputStream().also { GZIPOutputStream(it).use { gz -> gz.write(EVENT.repeat(50).toByteArray()) } }.toByteArray()
        val (outcome, _) = read(view, kind) { ex ->
            ex.startChunked(200, "text/event-stream", mapOf("Content-Encoding" to "gzip"))
            ex.chunk(compressed.copyOf(compressed.size - 4))
            ex.endChunks()
        }
        val e = assertIs<HttpTransportException>(outcome.error)
        assertContains(e.message!!, "body ended before its compressed stream did")
    }

    @ParameterizedTest
    @MethodSource("cases")
    fun anEncodingOtherThanGzipOrDeflateIsATypedErrorNamingIt(view: HttpView, kind: BodyKind) {
        var acceptEncoding: String? = "unset"
        val (outcome, _) = read(view, kind) { ex ->
            acceptEncoding = ex.header("Accept-Encoding")
            ex.respond(200, "text/event-stream", EVENT, mapOf("Content-Encoding" to "br"))
        }
        val e = assertIs<UnsupportedContentEncodingException>(outcome.error)
        assertEquals("br", e.encoding)
        assertContains(e.message!!, "'br'")
        assertTrue(outcome.items.isEmpty())
        assertNull(acceptEncoding, "no Accept-Encoding unless asked for")
    }
}

/** An output stream whose every flush sends what was written as one chunk. */
private class ChunkSink(private val ex: Exchange) : java.io.OutputStream() {
    private val buffer = ByteArrayOutputStream()
    override fun write(b: Int) = buffer.write(b)
    override fun write(b: ByteArray, off: Int, len: Int) = buffer.write(b, off, len)
    override fun flush() {
        ex.chunk(buffer.toByteArray())
        buffer.reset()
    }

    override fun close() = flush()
}
