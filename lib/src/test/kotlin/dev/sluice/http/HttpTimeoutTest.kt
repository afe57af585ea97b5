package dev.sluice.http

import dev.sluice.testing.RawServer
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Timeout
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The watchdog of plain HTTP and SSE streams over loopback sockets: each limit names itself. */
@Timeout(30)
class HttpTimeoutTest {
    /** Released at the end of each test, so stalled handlers end and the servers close at once. */
    private val release = CountDownLatch(1)

    @AfterEach
    fun releaseHandlers() = release.countDown()

    private fun stall() {
        release.await(20, TimeUnit.SECONDS)
    }

    private fun fastClient() = HttpClient { retryPolicy = RetryPolicy.none() }

    @Test
    fun firstByteTimeoutFiresWhileTheServerThinks(): Unit = runBlocking {
        RawServer { stall() }.use { server ->
            fastClient().use { client ->
                val e = assertFailsWith<StreamTimeoutException> {
                    client.get(server.url).timeouts(firstByte = 200.milliseconds).bytes().collect()
                }
                assertEquals(TimeoutLimit.FIRST_BYTE, e.limit)
                assertEquals(200.milliseconds, e.timeout)
                assertEquals(java.time.Duration.ofMillis(200), e.getTimeout())
                assertContains(e.message!!, "firstByteTimeout")
            }
            release.countDown() // before the server closes: it waits for its handlers
        }
    }

    @Test
    fun idleTimeoutFiresWhenTheBodyStallsAndKeepsWhatArrived(): Unit = runBlocking {
        RawServer { ex ->
            ex.startChunked(200, "text/plain")
            ex.chunk("line one\nline two\n")
            stall()
        }.use { server ->
            fastClient().use { client ->
                val lines = ArrayList<String>()
                val e = assertFailsWith<StreamTimeoutException> {
                    client.get(server.url).timeouts(idle = 300.milliseconds).lines().collect { lines += it }
                }
                assertEquals(listOf("line one", "line two"), lines)
                assertEquals(TimeoutLimit.IDLE, e.limit)
                assertEquals(18, e.bytesRead)
                assertEquals(1, e.attempts)
            }
            release.countDown()
        }
    }

    @Test
    fun bytesThatKeepComingResetTheIdleTimeout(): Unit = runBlocking {
        RawServer { ex ->
            ex.startChunked(200, "text/event-stream")
            repeat(8) {
                ex.chunk(": keep-alive\n\n")
                Thread.sleep(60)
            }
            ex.chunk("data: done\n\n")
            ex.endChunks()
        }.use { server ->
            fastClient().use { client ->
                val events = client.get(server.url).timeouts(idle = 400.milliseconds).sse(SseReconnect(false)).toList()
                assertEquals(listOf("done"), events.map { it.data })
            }
        }
    }

    @Test
    fun totalTimeoutEndsAStreamThatNeverStalls(): Unit = runBlocking {
        RawServer { ex ->
            ex.startChunked(200, "text/event-stream")
            for (i in 1..150) { // 3 s at most, whatever the client does, and over once the test released it
                if (release.count == 0L) break
                ex.chunk("data: $i\n\n")
                Thread.sleep(20)
            }
        }.use { server ->
            // 1 s: fires long before the server's 3 s, and leaves a cold JVM time to connect and read
            // the first events (at 300 ms a loaded machine delivered none before it fired)
            HttpClient { totalTimeout = 1.seconds }.use { client ->
                var delivered = 0
                val e = assertFailsWith<StreamTimeoutException> {
                    client.get(server.url).sse(SseReconnect(false)).collect { delivered++ }
                }
                assertEquals(TimeoutLimit.TOTAL, e.limit)
                assertTrue(delivered > 0)
                assertContains(e.message!!, "totalTimeout")
            }
            release.countDown() // the handler stops writing: the server closes at once
        }
    }

    @Test
    fun connectTimeoutIsRetriedThenNamesItself(): Unit = runBlocking {
        // A listening socket that never accepts, its backlog full: further connections hang in SYN.
        // Fillers connect until one hangs (at most 8): the backlog is full from then on.
        ServerSocket().use { full ->
            full.bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)
            val fillers = ArrayList<Socket>()
            for (i in 1..8) {
                try {
                    fillers += Socket().apply { connect(full.localSocketAddress, 100) }
                } catch (e: Exception) {
                    break
                }
            }
            try {
                val policy = RetryPolicy().withMaxRetries(1).withBaseDelay(1.milliseconds)
                HttpClient { retryPolicy = policy; connectTimeout = 200.milliseconds }.use { client ->
                    val e = assertFailsWith<StreamTimeoutException> { client.get("http://127.0.0.1:${full.localPort}/").bytes().collect() }
                    assertEquals(TimeoutLimit.CONNECT, e.limit)
                    assertEquals(200.milliseconds, e.timeout)
                    assertEquals(2, e.attempts)
                }
            } finally {
                fillers.forEach { it.close() }
            }
        }
    }

    @Test
    fun timeoutsUnderOneMillisecondAreRejected() {
        HttpClient().use { client ->
            val request = client.get("http://127.0.0.1:9/")
            assertFailsWith<IllegalArgumentException> { request.timeouts(idle = 0.5.milliseconds) }
            assertFailsWith<IllegalArgumentException> { HttpClientOptions().firstByteTimeout(java.time.Duration.ZERO) }
            assertFailsWith<IllegalArgumentException> { HttpClient { totalTimeout = (-1).seconds } }
        }
    }
}
