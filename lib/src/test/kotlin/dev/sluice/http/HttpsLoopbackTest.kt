package dev.sluice.http

import dev.sluice.sse.ServerSentEvent
import dev.sluice.testing.RawServer
import dev.sluice.testing.SelfSignedTls
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Timeout
import java.io.ByteArrayOutputStream
import java.security.cert.CertificateException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/**
 * The default engine's https path (ktor-network-tls over Sluice's own sockets) against a real TLS
 * server on loopback with a certificate made for the test.
 */
@Timeout(30)
class HttpsLoopbackTest {
    private var server: RawServer? = null

    @AfterEach
    fun stopServer() = server?.close() ?: Unit

    private fun serve(handler: RawServer.Handler): RawServer =
        RawServer(sslContext = tls.serverContext, handler = handler).also { server = it }

    private fun trustingClient(block: HttpClientOptions.() -> Unit = {}) = HttpClient {
        retryPolicy = RetryPolicy.none()
        tlsTrustManager = tls.trustManager
        block()
    }

    @Test
    fun sseEventsArriveCompleteAndInOrder(): Unit = runBlocking {
        val server = serve { ex ->
            ex.startChunked(200, "text/event-stream")
            for (i in 1..20) ex.chunk("id: $i\nevent: tick\ndata: event $i\ndata: second line\n\n")
            ex.endChunks()
        }
        trustingClient().use { client ->
            // Inside execute: one response, so the clean end is the end (a plain GET sse() would reconnect).
            val events = client.get(server.url + "/events").execute { response ->
                assertEquals(200, response.status)
                response.sse().toList()
            }
            assertEquals((1..20).map { ServerSentEvent("tick", "event $it\nsecond line", "$it") }, events)
        }
        assertEquals("/events", server.requests.single().path)
    }

    @Test
    fun aBodyOfManyTlsRecordsArrivesByteExact(): Unit = runBlocking {
        val body = ByteArrayOutputStream().apply {
            var i = 0
            while (size() < 1 shl 20) write("line ${i++} of a body far larger than one 16 KiB TLS record\n".toByteArray())
        }.toByteArray()
        val server = serve { ex -> ex.respond(200, "text/plain", body) }
        trustingClient().use { client ->
            val received = ByteArrayOutputStream()
            client.get(server.url + "/big").bytes().collect { received.write(it.bytes) }
            assertContentEquals(body, received.toByteArray())
        }
    }

    @Test
    fun anUntrustedCertificateFailsTypedAndLeavesNoConnectionOpen(): Unit = runBlocking {
        val server = serve { ex -> ex.respond(200, "text/plain", "never sent") }
        // One connection at most: a connection (or its permit) kept by the first failure would stall the second call.
        HttpClient { retryPolicy = RetryPolicy.none(); maxConnections = 1 }.use { client ->
            repeat(2) {
                val e = withTimeout(5_000) {
                    assertFailsWith<HttpTransportException> { client.get(server.url + "/secret").bytes().toList() }
                }
                assertEquals("GET", e.method)
                assertNotNull(generateSequence(e.cause) { it.cause }.firstOrNull { it is CertificateException }, "cause: ${e.stackTraceToString()}")
                assertTrue("certif" in e.message!!.lowercase() || "pkix" in e.message!!.lowercase(), e.message)
            }
            assertTrue(server.awaitClientsGone(2_000), "server still has ${server.openConnections} open")
            assertEquals(2, server.acceptedConnections)
            assertEquals(emptyList(), server.requests, "no request may be sent over an untrusted connection")
        }
    }

    @Test
    fun cancellingMidStreamClosesTheConnection(): Unit = runBlocking {
        val clientClosed = CompletableFuture<Boolean>()
        val server = serve { ex ->
            ex.startChunked(200, "text/event-stream")
            ex.chunk("data: first\n\n")
            clientClosed.complete(ex.awaitClientClose(5_000))
        }
        trustingClient().use { client ->
            val first = CompletableDeferred<ServerSentEvent>()
            val job = launch(Dispatchers.Default) { client.get(server.url).sse().collect { first.complete(it) } }
            assertEquals("first", withTimeout(5_000) { first.await() }.data)
            job.cancelAndJoin()
            assertTrue(clientClosed.get(6, TimeUnit.SECONDS), "the server never saw the client close")
            assertTrue(server.awaitClientsGone(2_000), "server still has ${server.openConnections} open")
        }
    }

    companion object {
        private lateinit var tls: SelfSignedTls

        /** Once per class: keytool is a JVM of its own (about 1 s, several on a loaded machine). */
        @JvmStatic
        @BeforeAll
        fun makeCertificate() {
            tls = SelfSignedTls.generate()
        }
    }
}
