package dev.sluice.http

import dev.sluice.testing.RawServer
import dev.sluice.internal.http.TransportTime
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
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** Retries of plain HTTP views over loopback sockets; waits are recorded, not slept. */
@Timeout(30)
class HttpRetryTest {
    private val waits = CopyOnWriteArrayList<Duration>()

    private fun client(policy: RetryPolicy = RetryPolicy()) = HttpClient(
        HttpClientOptions().apply {
            retryPolicy = policy
            time = TransportTime(sleep = { waits += it }, jitter = { 1.0 })
        },
    )

    /** Answers [failures] with [status] (and [headers]), then the body "hello world". */
    private fun flaky(failures: Int, status: Int = 503, headers: Map<String, String> = emptyMap()): RawServer {
        val seen = AtomicInteger()
        return RawServer { ex ->
            if (seen.incrementAndGet() <= failures) ex.respond(status, "text/plain", "busy", headers)
            else ex.respond(200, "text/plain", "hello world")
        }
    }

    @Test
    fun everyViewRetriesTransientStatusesBeforeAnythingIsDelivered(): Unit = runBlocking {
        flaky(failures = 2).use { server ->
            client().use { client ->
                assertEquals("hello world", client.get(server.url).text().toList().joinToString(""))
                assertEquals(3, server.requests.size)
                assertEquals(listOf(0.5.seconds, 1.seconds), waits)
            }
        }
        for (view in listOf<suspend (HttpRequest) -> Any>(
            { it.bytes().toList() }, { it.lines().toList() }, { it.execute { r -> r.status } },
        )) {
            flaky(failures = 1, status = 429, headers = mapOf("Retry-After" to "3")).use { server ->
                client().use { client -> view(client.get(server.url)) }
                assertEquals(2, server.requests.size)
            }
        }
        assertEquals(listOf(0.5.seconds, 1.seconds, 3.seconds, 3.seconds, 3.seconds), waits)
    }

    @Test
    fun afterTheRetriesTheLastStatusIsReportedWithTheAttemptCount(): Unit = runBlocking {
        flaky(failures = 10, status = 500).use { server ->
            client().use { client ->
                val e = assertFailsWith<HttpStatusException> { client.get(server.url).bytes().collect() }
                assertEquals(500, e.status)
                assertEquals(3, e.attempts)
                assertEquals(3, server.requests.size)
            }
        }
    }

    @Test
    fun clientErrorsAreNotRetried(): Unit = runBlocking {
        for (status in listOf(400, 401, 403, 404, 422)) {
            flaky(failures = 1, status = status).use { server ->
                client().use { client ->
                    val e = assertFailsWith<HttpStatusException> { client.get(server.url).text().collect() }
                    assertEquals(status, e.status)
                    assertEquals(1, e.attempts)
                    assertEquals(1, server.requests.size)
                }
            }
        }
        assertEquals(emptyList(), waits)
    }

    @Test
    fun aRetryAfterAboveTheCapFailsAtOnceNamingTheDelay(): Unit = runBlocking {
        flaky(failures = 1, status = 429, headers = mapOf("Retry-After" to "120")).use { server ->
            client().use { client ->
                val e = assertFailsWith<HttpStatusException> { client.get(server.url).text().collect() }
                assertEquals(120.seconds, e.retryAfter)
                assertContains(e.message!!, "retry after 2m")
                assertEquals(1, server.requests.size)
            }
        }
    }

    @Test
    fun aRefusedConnectionIsRetriedThenReported(): Unit = runBlocking {
        val port = RawServer.closedPort()
        client().use { client ->
            val e = assertFailsWith<HttpTransportException> { client.get("http://127.0.0.1:$port/").bytes().collect() }
            assertEquals(3, e.attempts)
            assertEquals(2, waits.size)
        }
    }

    @Test
    fun aConnectionThatBreaksAfterDeliveryIsNotRetried(): Unit = runBlocking {
        RawServer { ex ->
            ex.head(200, mapOf("Content-Type" to "text/plain", "Content-Length" to "100"))
            ex.write("half".toByteArray())
            ex.flush()
            ex.drop()
        }.use { server ->
            client().use { client ->
                val got = StringBuilder()
                val e = assertFailsWith<HttpTransportException> { client.get(server.url).text().collect { got.append(it) } }
                assertEquals("half", got.toString())
                assertEquals(1, e.attempts)
                assertEquals(1, server.requests.size)
            }
        }
    }

    @Test
    fun aConnectionDroppedBeforeTheFirstByteIsRetried(): Unit = runBlocking {
        val seen = AtomicInteger()
        RawServer { ex ->
            if (seen.incrementAndGet() == 1) ex.drop() else ex.respond(200, "text/plain", "second time")
        }.use { server ->
            client().use { client ->
                assertEquals(listOf("second time"), client.get(server.url).lines().toList())
                assertEquals(2, server.requests.size)
            }
        }
    }

    @Test
    fun aRequestsOwnPolicyWinsOverTheClients(): Unit = runBlocking {
        flaky(failures = 1).use { server ->
            client().use { client ->
                val request = client.get(server.url).retryPolicy(RetryPolicy.none())
                assertEquals(RetryPolicy.none(), request.retryPolicy)
                assertEquals(503, assertFailsWith<HttpStatusException> { request.bytes().collect() }.status)
                assertEquals(1, server.requests.size)
            }
        }
    }
}
