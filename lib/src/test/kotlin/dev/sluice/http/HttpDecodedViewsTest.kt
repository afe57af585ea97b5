package dev.sluice.http

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import dev.sluice.testing.RawServer
import dev.sluice.ndjson.NdjsonParseException
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.decodeSse
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Timeout
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

/** The decoded stream kinds over HTTP: text, lines, NDJSON and SSE (the decoding itself is tested apart). */
@Timeout(30)
class HttpDecodedViewsTest {
    /** Serves [pieces] as separate chunks, flushed one by one, so reads split where they split. */
    private fun chunked(contentType: String, vararg pieces: ByteArray) = RawServer { ex ->
        ex.startChunked(200, contentType)
        pieces.forEach { ex.chunk(it) }
        ex.endChunks()
    }

    @Test
    fun textKeepsACharacterSplitAcrossChunksIntact(): Unit = runBlocking {
        val bytes = "aé€😀z".toByteArray()
        val pieces = bytes.indices.map { byteArrayOf(bytes[it]) }.toTypedArray()
        chunked("text/plain; charset=utf-8", *pieces).use { server ->
            HttpClient().use { client -> assertEquals("aé€😀z", client.get(server.url).text().toList().joinToString("")) }
        }
    }

    @Test
    fun linesEndAtCrLfAndCrAndLf(): Unit = runBlocking {
        chunked("text/plain", "one\r".toByteArray(), "\ntwo\rthree\nfour".toByteArray()).use { server ->
            HttpClient().use { client ->
                assertEquals(listOf("one", "two", "three", "four"), client.get(server.url).lines().toList())
            }
        }
    }

    @Test
    fun anOverlongLineFailsAfterTheLinesBeforeIt(): Unit = runBlocking {
        chunked("text/plain", "short\n".toByteArray(), "x".repeat(100).toByteArray(), "\n".toByteArray()).use { server ->
            HttpClient().use { client ->
                val got = mutableListOf<String>()
                assertFailsWith<LimitExceededException> {
                    client.get(server.url).lines(DecodeLimits(maxLineBytes = 50)).collect { got += it }
                }
                assertEquals(listOf("short"), got)
            }
        }
    }

    @Test
    fun ndjsonValuesThenATypedErrorForAMalformedLine(): Unit = runBlocking {
        chunked("application/x-ndjson", "{\"n\":1}\n\n{\"n\"".toByteArray(), ":2}\nnot json\n".toByteArray()).use { server ->
            HttpClient().use { client ->
                val got = mutableListOf<Any>()
                val error = assertFailsWith<NdjsonParseException> { client.get(server.url).ndjson().collect { got += it } }
                assertEquals(listOf<Any>(buildJsonObject { put("n", 1) }, buildJsonObject { put("n", JsonPrimitive(2)) }), got)
                assertEquals(4L, error.lineNumber)
            }
        }
    }

    @Test
    fun sseEventsFromASingleResponseInsideExecute(): Unit = runBlocking {
        chunked("text/event-stream", "data: a\n".toByteArray(), "\nid: 9\nevent: e\ndata: b\n\n".toByteArray()).use { server ->
            HttpClient().use { client ->
                val events = client.get(server.url).execute { response ->
                    assertEquals(200, response.status)
                    response.sse().toList()
                }
                assertEquals(listOf(ServerSentEvent("message", "a", null), ServerSentEvent("e", "b", "9")), events)
            }
        }
    }

    @Test
    fun sseDecodedStraightFromTheReadBufferMatchesTheBodyDecodedWhole(): Unit = runBlocking {
        // The SSE views decode each read in the response's one read buffer, which the next read
        // overwrites: events, lines and CRLFs straddling the reads must come out as from the whole body.
        val random = kotlin.random.Random(7)
        val body = buildString {
            repeat(120) { n ->
                if (n % 9 == 0) append(": keep-alive\r\n")
                if (n % 5 == 0) append("id: ").append(n).append('\n')
                if (n % 4 == 0) append("event: e").append(n % 3).append("\r\n")
                repeat(1 + n % 3) { append("data: ").append("é€x".repeat(random.nextInt(0, 30))).append(n).append(if (it % 2 == 0) "\n" else "\r\n") }
                append(if (n % 2 == 0) "\n" else "\r\n")
            }
        }.toByteArray()
        val pieces = ArrayList<ByteArray>()
        var at = 0
        while (at < body.size) {
            val end = minOf(body.size, at + random.nextInt(1, 48))
            pieces += body.copyOfRange(at, end)
            at = end
        }
        val expected = kotlinx.coroutines.flow.flowOf(body).decodeSse().toList()
        assertEquals(120, expected.size)
        chunked("text/event-stream", *pieces.toTypedArray()).use { server ->
            HttpClient().use { client ->
                assertEquals(expected, client.get(server.url).execute { it.sse().toList() }, "response.sse()")
                assertEquals(expected, client.get(server.url).sse(SseReconnect(false)).toList(), "request.sse()")
            }
        }
    }

    @Test
    fun textAndLinesInsideExecute(): Unit = runBlocking {
        chunked("text/plain", "x\ny".toByteArray()).use { server ->
            HttpClient().use { client ->
                assertEquals(listOf("x", "y"), client.get(server.url).execute { it.lines().toList() })
                assertEquals("x\ny", client.get(server.url).execute { it.text().toList().joinToString("") })
                assertEquals(3, client.get(server.url).execute { it.bytes().toList().sumOf { c -> c.size } })
            }
        }
    }
}
