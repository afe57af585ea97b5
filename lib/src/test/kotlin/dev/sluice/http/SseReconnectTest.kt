package dev.sluice.http

import dev.sluice.DecodeLimits
import dev.sluice.testing.RawServer
import dev.sluice.internal.http.TransportTime
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseStreamState
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

@Timeout(30)
class SseReconnectTest {
    private val sleeps = CopyOnWriteArrayList<Long>()
    private val fast = SseReconnect().withDefaultRetry(5.milliseconds).withMaxDelay(40.milliseconds).withMaxAttempts(5)

    /** A client whose waits are recorded (they still happen, shortened by the policies here), at full jitter. */
    private fun recordingClient() = HttpClient(
        HttpClientOptions().apply {
            retryPolicy = RetryPolicy().withBaseDelay(1.milliseconds)
            time = TransportTime(sleep = { d: Duration -> sleeps += d.inWholeMilliseconds; delay(d) }, jitter = { 1.0 })
        },
    )

    /** The SSE view with [policy]. */
    private fun HttpRequest.recordedSse(policy: SseReconnect = fast, state: SseStreamState? = null): Flow<ServerSentEvent> =
        sse(policy, DecodeLimits(), state)

    /**
     * A server holding events 1..[total] that resumes after `Last-Event-ID`, sends `retry`, and cuts
     * each connection after [perConnection] events in the middle of the next one. When all were
     * sent it ends the body cleanly, and answers 204 to the next connection.
     */
    private fun resumingServer(total: Int, perConnection: Int, retry: Long? = 25) = RawServer { ex ->
        val after = ex.header("Last-Event-ID")?.toInt() ?: 0
        if (after >= total) {
            ex.respond(204, null, ByteArray(0))
            return@RawServer
        }
        ex.startChunked(200, "text/event-stream; charset=utf-8")
        if (retry != null) ex.chunk("retry: $retry\n\n")
        val last = minOf(total, after + perConnection)
        for (id in after + 1..last) ex.chunk("id: $id\nevent: tick\ndata: event $id\n\n")
        if (last < total) {
            ex.chunk("id: ${last + 1}\ndata: half of event ${last + 1}") // never completed
            ex.drop()
        } else {
            ex.endChunks()
        }
    }

    @Test
    fun droppedConnectionResumesWithLastEventIdAndDeliversEveryEventOnce(): Unit = runBlocking {
        resumingServer(total = 10, perConnection = 3).use { server ->
            recordingClient().use { client ->
                val events = client.get(server.url + "/feed").recordedSse().toList()
                assertEquals((1..10).map { "event $it" }, events.map { it.data })
                assertEquals((1..10).map { "$it" }, events.map { it.id })
                assertTrue(events.all { it.type == "tick" })
                assertEquals(listOf(null, "3", "6", "9", "10"), server.requests.map { it.header("Last-Event-ID") })
            }
        }
    }

    @Test
    fun aCallerStateSeedsLastEventIdAndFollowsDeliveredEvents(): Unit = runBlocking {
        resumingServer(total = 6, perConnection = 2, retry = 25).use { server ->
            recordingClient().use { client ->
                val state = SseStreamState("2")
                val seen = mutableListOf<String?>()
                val ids = client.get(server.url).recordedSse(state = state).toList().map { event ->
                    event.id
                }
                client.get(server.url).sse(SseReconnect(enabled = false), DecodeLimits(), SseStreamState("5"))
                    .collect { seen += it.id }
                assertEquals(listOf("3", "4", "5", "6"), ids)
                assertEquals("6", state.lastEventId)
                assertEquals(25L, state.retryMillis)
                assertEquals(listOf<String?>("6"), seen)
                assertEquals("2", server.requests.first().header("Last-Event-ID"))
            }
        }
    }

    @Test
    fun theServersRetryValueIsTheWaitBetweenConnectionsThatDeliveredEvents(): Unit = runBlocking {
        resumingServer(total = 4, perConnection = 2, retry = 25).use { server ->
            recordingClient().use { client -> client.get(server.url).recordedSse().collect() }
            assertEquals(listOf(25L, 25L), sleeps, "one wait per reconnection (3 connections), each the server's retry")
        }
    }

    @Test
    fun withoutServerRetryTheDefaultRetryIsUsed(): Unit = runBlocking {
        resumingServer(total = 2, perConnection = 1, retry = null).use { server ->
            recordingClient().use { client -> client.get(server.url).recordedSse(fast.withDefaultRetry(7.milliseconds)).collect() }
            assertEquals(listOf(7L, 7L), sleeps)
        }
    }

    @Test
    fun noContentOnReconnectionEndsTheStreamNormally(): Unit = runBlocking {
        resumingServer(total = 2, perConnection = 2).use { server ->
            recordingClient().use { client ->
                assertEquals(listOf("1", "2"), client.get(server.url).recordedSse().toList().map { it.id })
                assertEquals(2, server.requests.size)
            }
        }
    }

    @Test
    fun nonRetryableStatusOnReconnectionFailsAfterTheDeliveredEvents(): Unit = runBlocking {
        val connections = AtomicInteger()
        RawServer { ex ->
            if (connections.incrementAndGet() == 1) {
                ex.startChunked(200, "text/event-stream")
                ex.chunk("id: 1\ndata: first\n\n")
                ex.endChunks()
            } else {
                ex.respond(401, "application/json", "{\"error\":\"token expired\"}")
            }
        }.use { server ->
            recordingClient().use { client ->
                val delivered = mutableListOf<String>()
                val error = assertFailsWith<HttpStatusException> {
                    client.get(server.url).recordedSse().collect { delivered += it.data }
                }
                assertEquals(listOf("first"), delivered)
                assertEquals(401, error.status)
                assertContains(error.bodyExcerpt, "token expired")
                assertEquals(2, server.requests.size)
            }
        }
    }

    @Test
    fun retryableStatusesBackOffThenTheStreamContinues(): Unit = runBlocking {
        val connections = AtomicInteger()
        RawServer { ex ->
            when (connections.incrementAndGet()) {
                1 -> {
                    ex.startChunked(200, "text/event-stream")
                    ex.chunk("retry: 10\nid: 1\ndata: a\n\n")
                    ex.drop()
                }
                2, 3 -> ex.respond(503, "text/plain", "busy")
                4 -> {
                    ex.startChunked(200, "text/event-stream")
                    ex.chunk("id: 2\ndata: b\n\n")
                    ex.endChunks()
                }
                else -> ex.respond(204, null, ByteArray(0))
            }
        }.use { server ->
            recordingClient().use { client ->
                assertEquals(listOf("a", "b"), client.get(server.url).recordedSse().toList().map { it.data })
                assertEquals(listOf(null, "1", "1", "1", "2"), server.requests.map { it.header("Last-Event-ID") })
                assertEquals(listOf(10L, 20L, 40L, 10L), sleeps, "retry, then doubling after each failure, reset by an event")
            }
        }
    }

    @Test
    fun afterMaxAttemptsWithoutAnEventTheStreamGivesUp(): Unit = runBlocking {
        val connections = AtomicInteger()
        RawServer { ex ->
            if (connections.incrementAndGet() == 1) {
                ex.startChunked(200, "text/event-stream")
                ex.chunk("id: 7\ndata: only\n\n")
                ex.drop()
            } else {
                ex.respond(503, "text/plain", "down for maintenance")
            }
        }.use { server ->
            recordingClient().use { client ->
                val delivered = mutableListOf<String>()
                val error = assertFailsWith<SseReconnectException> {
                    client.get(server.url).recordedSse(fast.withMaxAttempts(3)).collect { delivered += it.data }
                }
                assertEquals(listOf("only"), delivered)
                assertEquals(3, error.failedReconnections)
                assertEquals(4, error.attempts, "every connection")
                assertEquals("7", error.lastEventId)
                assertTrue(error.cause is HttpStatusException, "cause: ${error.cause}")
                assertEquals(4, server.requests.size, "the first connection and 3 reconnection attempts")
            }
        }
    }

    @Test
    fun connectionsThatEndWithoutAnEventCountAsFailedAttempts(): Unit = runBlocking {
        RawServer { ex ->
            ex.startChunked(200, "text/event-stream")
            ex.chunk(": nothing to say\n\n")
            ex.endChunks()
        }.use { server ->
            recordingClient().use { client ->
                val error = assertFailsWith<SseReconnectException> { client.get(server.url).recordedSse(fast.withMaxAttempts(2)).collect() }
                assertEquals(2, error.failedReconnections)
                assertEquals(3, server.requests.size)
            }
        }
    }

    @Test
    fun beforeTheFirstEventTheRetryPolicyDecides(): Unit = runBlocking {
        RawServer { it.respond(503, "text/plain", "no") }.use { server ->
            recordingClient().use { client ->
                val e = assertFailsWith<HttpStatusException> { client.get(server.url).recordedSse().collect() }
                assertEquals(503, e.status)
                assertEquals(3, e.attempts, "the first connection and RetryPolicy's 2 retries")
                assertEquals(3, server.requests.size)
                assertEquals(listOf(1L, 2L), sleeps, "RetryPolicy's backoff, not the stream's retry")
            }
        }
    }

    @Test
    fun wrongContentTypeOnReconnectionFails(): Unit = runBlocking {
        val connections = AtomicInteger()
        RawServer { ex ->
            if (connections.incrementAndGet() == 1) {
                ex.startChunked(200, "text/event-stream")
                ex.chunk("data: x\n\n")
                ex.endChunks()
            } else {
                ex.respond(200, "text/html", "<h1>captive portal</h1>")
            }
        }.use { server ->
            recordingClient().use { client ->
                val error = assertFailsWith<UnexpectedContentTypeException> { client.get(server.url).recordedSse().collect() }
                assertEquals("text/html", error.received)
            }
        }
    }

    @Test
    fun anEventWithoutIdAfterReconnectionKeepsTheLastEventId(): Unit = runBlocking {
        val connections = AtomicInteger()
        RawServer { ex ->
            when (connections.incrementAndGet()) {
                1 -> {
                    ex.startChunked(200, "text/event-stream")
                    ex.chunk("id: 5\ndata: with id\n\n")
                    ex.endChunks()
                }
                2 -> {
                    ex.startChunked(200, "text/event-stream")
                    ex.chunk("data: without id\n\n")
                    ex.endChunks()
                }
                else -> ex.respond(204, null, ByteArray(0))
            }
        }.use { server ->
            recordingClient().use { client ->
                val events = client.get(server.url).recordedSse().toList()
                assertEquals(listOf("5", "5"), events.map { it.id })
                assertEquals(listOf(null, "5", "5"), server.requests.map { it.header("Last-Event-ID") })
            }
        }
    }

    @Test
    fun withReconnectionDisabledAConnectionCutMidBodyIsATransportErrorAfterTheWholeEvents(): Unit = runBlocking {
        resumingServer(total = 5, perConnection = 2).use { server ->
            recordingClient().use { client ->
                val ids = mutableListOf<String?>()
                val e = assertFailsWith<HttpTransportException> {
                    client.get(server.url).sse(SseReconnect(enabled = false)).collect { ids += it.id }
                }
                assertTrue(e.message!!.contains("without its terminating chunk"), e.message)
                assertEquals(listOf<String?>("1", "2"), ids, "the half-sent third event is discarded")
                assertEquals(1, server.requests.size)
            }
        }
    }

    @Test
    fun withReconnectionDisabledABodyCutShortOfItsLengthIsATransportError(): Unit = runBlocking {
        RawServer { ex ->
            ex.head(200, mapOf("Content-Type" to "text/event-stream", "Content-Length" to "500"))
            ex.write("id: 1\ndata: a\n\n".toByteArray())
            ex.drop()
        }.use { server ->
            recordingClient().use { client ->
                val delivered = mutableListOf<String?>()
                assertFailsWith<HttpTransportException> {
                    client.get(server.url).sse(SseReconnect(enabled = false)).collect { delivered += it.id }
                }
                assertEquals(listOf<String?>("1"), delivered)
            }
        }
    }

    @Test
    fun publicSseViewReconnectsWithRealDelays(): Unit = runBlocking {
        resumingServer(total = 6, perConnection = 2, retry = 20).use { server ->
            recordingClient().use { client ->
                val events = client.get(server.url).sse().toList()
                assertEquals((1..6).map { "$it" }, events.map { it.id })
            }
        }
    }
}
