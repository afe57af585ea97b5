package dev.sluice.http

import dev.sluice.testing.Exchange
import dev.sluice.testing.RawServer
import dev.sluice.internal.http.TransportTime
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/** Which SSE streams are sent again, and when: retries before the first event, reconnection after. */
@Timeout(30)
class SseRetryTest {
    private val waits = CopyOnWriteArrayList<Duration>()

    private fun client() = HttpClient(HttpClientOptions().apply { time = TransportTime(sleep = { waits += it }, jitter = { 1.0 }) })

    /** An LLM-style endpoint: two events and `[DONE]`, then a clean end, for any method. */
    private fun doneServer() = RawServer { ex ->
        ex.startChunked(200, "text/event-stream")
        ex.chunk("id: 1\ndata: {\"delta\":\"Hi\"}\n\nid: 2\ndata: [DONE]\n\n")
        ex.endChunks()
    }

    /** Sends event [id] in a body that announces more than it sends, then cuts the connection: a certain drop. */
    private fun Exchange.eventThenDrop(id: Int) {
        head(200, mapOf("Content-Type" to "text/event-stream", "Content-Length" to "10000"))
        write("id: $id\ndata: event $id\n\n".toByteArray())
        flush()
        drop()
    }

    @Test
    fun aPostStreamIsNeverSentAgainAfterItsCleanEnd(): Unit = runBlocking {
        doneServer().use { server ->
            client().use { client ->
                val events = client.post(server.url + "/v1/chat/completions", "{}".toByteArray(), "application/json").sse().toList()
                assertEquals(listOf("{\"delta\":\"Hi\"}", "[DONE]"), events.map { it.data })
                assertEquals(1, server.requests.size, "a [DONE] is never followed by a new, billable request")
                assertEquals(emptyList(), waits)
            }
        }
    }

    @Test
    fun aGetStreamReconnectsAfterItsCleanEnd(): Unit = runBlocking {
        val connections = AtomicInteger()
        RawServer { ex ->
            if (connections.incrementAndGet() == 1) {
                ex.startChunked(200, "text/event-stream")
                ex.chunk("id: 1\ndata: a\n\n")
                ex.endChunks()
            } else {
                ex.respond(204, null, ByteArray(0))
            }
        }.use { server ->
            client().use { client ->
                assertEquals(listOf("a"), client.get(server.url).sse().toList().map { it.data })
                assertEquals(listOf(null, "1"), server.requests.map { it.header("Last-Event-ID") })
            }
        }
    }

    @Test
    fun aPostStreamDroppedAfterEventsFailsByDefault(): Unit = runBlocking {
        RawServer { it.eventThenDrop(1) }.use { server ->
            client().use { client ->
                val delivered = ArrayList<String>()
                val e = assertFailsWith<HttpTransportException> {
                    client.post(server.url, "{}".toByteArray(), "application/json").sse().collect { delivered += it.data }
                }
                assertEquals(listOf("event 1"), delivered)
                assertEquals(1, e.attempts)
                assertEquals(1, server.requests.size)
            }
        }
    }

    @Test
    fun aPostStreamReconnectsAfterADropWhenAskedTo(): Unit = runBlocking {
        val connections = AtomicInteger()
        RawServer { ex ->
            when (connections.incrementAndGet()) {
                1 -> ex.eventThenDrop(1)
                else -> {
                    ex.startChunked(200, "text/event-stream")
                    ex.chunk("id: 2\ndata: event 2\n\n")
                    ex.endChunks()
                }
            }
        }.use { server ->
            client().use { client ->
                val reconnect = SseReconnect().withNonGetReconnectsAfterDrop(true).withDefaultRetry(5.milliseconds)
                val events = client.post(server.url, "{}".toByteArray(), "application/json").sse(reconnect).toList()
                assertEquals(listOf("event 1", "event 2"), events.map { it.data })
                assertEquals(listOf(null, "1"), server.requests.map { it.header("Last-Event-ID") })
                assertEquals(listOf("POST", "POST"), server.requests.map { it.method })
                assertEquals(listOf(5.milliseconds), waits, "the clean end of the second connection ends the POST stream")
            }
        }
    }

    @Test
    fun failuresBeforeTheFirstEventAreRetriedForAnyMethod(): Unit = runBlocking {
        for (method in listOf("GET", "POST")) {
            val connections = AtomicInteger()
            RawServer { ex ->
                when (connections.incrementAndGet()) {
                    1 -> ex.respond(503, "text/plain", "busy", mapOf("Retry-After" to "2"))
                    2 -> {
                        ex.head(200, mapOf("Content-Type" to "text/event-stream", "Content-Length" to "10000"))
                        ex.drop() // the headers, then nothing
                    }
                    3 -> {
                        ex.startChunked(200, "text/event-stream")
                        ex.chunk("data: at last\n\n")
                        ex.endChunks()
                    }
                    else -> ex.respond(204, null, ByteArray(0))
                }
            }.use { server ->
                client().use { client ->
                    val events = client.request(method, server.url).sse(SseReconnect(false)).toList()
                    assertEquals(listOf("at last"), events.map { it.data }, method)
                    assertEquals(3, server.requests.size, method)
                }
            }
        }
        val perStream = listOf(2_000.milliseconds, 1_000.milliseconds) // Retry-After, then backoff for the second retry
        assertEquals(perStream + perStream, waits)
    }
}
