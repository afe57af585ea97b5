package dev.sluice.http

import dev.sluice.testing.RawServer
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Timeout
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.random.Random
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

@Timeout(60)
class HttpCancellationTest {
    private fun endless() = RawServer { ex ->
        ex.startChunked(200, "text/plain")
        var i = 0
        while (true) {
            ex.chunk("line ${i++}\n")
            Thread.sleep(2)
        }
    }

    @Test
    fun takingAFewChunksClosesTheConnection(): Unit = runBlocking {
        endless().use { server ->
            HttpClient().use { client ->
                assertEquals(3, client.get(server.url).bytes().take(3).toList().size)
                assertTrue(server.awaitOpenConnectionsAtMost(0), "server still has ${server.openConnections} open")
            }
        }
    }

    @Test
    fun cancellingTheCollectingJobClosesTheConnection(): Unit = runBlocking {
        endless().use { server ->
            HttpClient().use { client ->
                val started = CompletableDeferred<Unit>()
                val job = launch(Dispatchers.Default) { client.get(server.url).bytes().collect { started.complete(Unit) } }
                withTimeout(5_000) { started.await() }
                assertEquals(1, server.openConnections)
                job.cancelAndJoin()
                assertTrue(server.awaitOpenConnectionsAtMost(0), "server still has ${server.openConnections} open")
            }
        }
    }

    @Test
    fun fiftyStreamsCancelledAtRandomPointsLeaveNoConnectionOpen(): Unit = runBlocking {
        endless().use { server ->
            HttpClient().use { client ->
                val random = Random(3)
                // 50 here; the soak tier of CancellationLeakTest runs a thousand per view and transport
                val streams = (1..50).map {
                    val stop = random.nextInt(1, 30)
                    async(Dispatchers.Default) { client.get(server.url).bytes().take(stop).toList().size }
                }
                withTimeout(45_000) { streams.awaitAll() }
                assertEquals(50, server.acceptedConnections)
                assertTrue(server.awaitOpenConnectionsAtMost(0), "server still has ${server.openConnections} open")
            }
        }
    }

    /**
     * A stream abandoned while the server is blocked on a full TCP window (the client had stopped
     * reading) closes at once. The JDK defers closing a selector-registered socket until that
     * selector selects again, and Ktor's selector (3.6.1) stops selecting when its last pass handled
     * every key; the engine keeps it selecting (`SelectorKeeper`), so the close does not wait for
     * the client's next network activity, as it used to.
     */
    @Test
    fun aStreamAbandonedWithFullBuffersIsClosedAtOnce(): Unit = runBlocking {
        val block = ByteArray(8192) { '.'.code.toByte() }
        RawServer { ex ->
            if (ex.path == "/small") {
                ex.respond(200, "text/plain", "ok")
                return@RawServer
            }
            ex.head(200, mapOf("Content-Type" to "text/plain"))
            repeat(100_000) { ex.write(block) } // blocks once the client stops reading
        }.use { server ->
            HttpClient().use { client ->
                val started = CompletableDeferred<Unit>()
                val job = launch(Dispatchers.Default) {
                    client.get(server.url + "/big").bytes().collect {
                        started.complete(Unit)
                        kotlinx.coroutines.delay(60_000) // stop reading: Ktor's buffers fill up
                    }
                }
                withTimeout(5_000) { started.await() }
                kotlinx.coroutines.delay(300)
                job.cancelAndJoin()
                assertTrue(server.awaitOpenConnectionsAtMost(0), "server still has ${server.openConnections} open")
                assertEquals("ok", String(client.get(server.url + "/small").bytes().first().bytes))
            }
        }
    }

    @Test
    fun moreConcurrentStreamsThanCioDefaultPerRouteLimitAllConnect(): Unit = runBlocking {
        val streams = 150 // CIO's default allows 100 per route: the 101st would queue forever here
        val allConnected = CountDownLatch(streams)
        RawServer { ex ->
            allConnected.countDown()
            if (!allConnected.await(20, TimeUnit.SECONDS)) {
                ex.respond(503, "text/plain", "only ${streams - allConnected.count} connected")
                return@RawServer
            }
            ex.respond(200, "text/plain", "go")
        }.use { server ->
            HttpClient().use { client ->
                val bodies = (1..streams).map {
                    async(Dispatchers.Default) { String(client.get(server.url).bytes().first().bytes) }
                }
                assertEquals(List(streams) { "go" }, withTimeout(40_000) { bodies.awaitAll() })
            }
        }
    }
}
