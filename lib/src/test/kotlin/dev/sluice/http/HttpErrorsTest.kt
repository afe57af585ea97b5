package dev.sluice.http

import dev.sluice.testing.RawServer
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

@Timeout(30)
class HttpErrorsTest {
    @Test
    fun statusOutside2xxIsTypedWithStatusHeadersAndBodyExcerpt(): Unit = runBlocking {
        RawServer {
            it.respond(404, "application/json", "{\"error\":\"no such model\"}", mapOf("X-Request-Id" to "req-42"))
        }.use { server ->
            HttpClient().use { client ->
                val error = assertFailsWith<HttpStatusException> { client.get(server.url + "/missing").bytes().toList() }
                assertEquals(404, error.status)
                assertEquals("GET", error.method)
                assertEquals(server.url + "/missing", error.url)
                assertEquals("req-42", error.header("x-request-id"))
                assertEquals("{\"error\":\"no such model\"}", error.bodyExcerpt)
                assertFalse(error.bodyTruncated)
                assertContains(error.message!!, "404")
                assertContains(error.message!!, server.url + "/missing")
                assertContains(error.message!!, "no such model")
            }
        }
    }

    @Test
    fun longErrorBodyIsCutTo8KiB(): Unit = runBlocking {
        val body = "x".repeat(100_000)
        RawServer { it.respond(500, "text/plain", body) }.use { server ->
            HttpClient { retryPolicy = RetryPolicy.none() }.use { client ->
                val error = assertFailsWith<HttpStatusException> { client.get(server.url).bytes().collect() }
                assertEquals(500, error.status)
                assertEquals(8 * 1024, error.bodyExcerpt.length)
                assertTrue(error.bodyTruncated)
                assertTrue(error.message!!.length < 1_000, "the message stays short: ${error.message!!.length}")
            }
        }
    }

    @Test
    fun sseRequestAnsweredWithHtmlFailsNamingTheContentTypeReceived(): Unit = runBlocking {
        RawServer { it.respond(200, "text/html; charset=utf-8", "<html>login</html>") }.use { server ->
            HttpClient().use { client ->
                val error = assertFailsWith<UnexpectedContentTypeException> { client.get(server.url).sse().toList() }
                assertEquals("text/event-stream", error.expected)
                assertEquals("text/html; charset=utf-8", error.received)
                assertContains(error.message!!, "text/html")
                assertContains(error.message!!, "text/event-stream")
            }
        }
    }

    @Test
    fun sseRequestSendsAcceptEventStreamAndNoCache(): Unit = runBlocking {
        RawServer { it.respond(204, null, ByteArray(0)) }.use { server ->
            HttpClient().use { client ->
                assertEquals(emptyList(), client.get(server.url).sse().toList(), "204 ends the stream without events")
            }
            val recorded = server.requests.single()
            assertEquals("text/event-stream", recorded.header("Accept"))
            assertEquals("no-cache", recorded.header("Cache-Control"))
        }
    }

    @Test
    fun refusedConnectionIsATransportErrorNamingTheUrl(): Unit = runBlocking {
        val port = RawServer.closedPort()
        HttpClient { retryPolicy = RetryPolicy.none() }.use { client ->
            val url = "http://127.0.0.1:$port/x"
            val error = assertFailsWith<HttpTransportException> { client.get(url).bytes().toList() }
            assertContains(error.message!!, url)
            assertEquals(url, error.url)
        }
    }

    @Test
    fun bodyCutShortIsATransportErrorAfterTheBytesThatArrived(): Unit = runBlocking {
        RawServer { ex ->
            ex.head(200, mapOf("Content-Type" to "application/octet-stream", "Content-Length" to "1000"))
            ex.write(ByteArray(100) { 1 })
            ex.drop()
        }.use { server ->
            HttpClient().use { client ->
                var received = 0L
                val error = assertFailsWith<HttpTransportException> {
                    client.get(server.url).bytes().collect { received = it.bytesSoFar }
                }
                assertEquals(100L, received)
                assertContains(error.message!!, "after 100 of 1000 announced body bytes")
            }
        }
    }

    @Test
    fun collectorExceptionPassesThroughUntouched(): Unit = runBlocking {
        RawServer { it.respond(200, "text/plain", "abc") }.use { server ->
            HttpClient().use { client ->
                val mine = java.io.IOException("collector failed")
                val thrown = assertFailsWith<java.io.IOException> { client.get(server.url).bytes().collect { throw mine } }
                // coroutines may recover the stack trace into a copy whose cause is the original
                assertTrue(generateSequence<Throwable>(thrown) { it.cause }.any { it === mine }, "got $thrown")
            }
        }
    }

    @Test
    fun malformedUrlsAreRefusedWhenTheRequestIsBuilt() {
        HttpClient().use { client ->
            assertFailsWith<IllegalArgumentException> { client.get("/relative-without-base") }
            assertFailsWith<IllegalArgumentException> { client.get("ftp://127.0.0.1/file") }
            assertFailsWith<IllegalArgumentException> { client.get("http://127.0.0.1/").header("X-Bad", "a\r\nInjected: 1") }
        }
    }
}
