package dev.sluice.http

import dev.sluice.testing.RawServer
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Timeout
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

@Timeout(30)
class HttpLifetimeTest {
    @Test
    fun bodyReadAfterExecuteReturnedIsAnIllegalStateNotAHang(): Unit = runBlocking {
        RawServer { it.respond(200, "text/plain", "late") }.use { server ->
            HttpClient().use { client ->
                val leaked = client.get(server.url).execute { it }
                assertFalse(leaked.isBodyReadable)
                assertEquals(200, leaked.status, "status and headers stay readable")
                assertEquals("text/plain", leaked.contentType)
                val error = withTimeout(5_000) { assertFailsWith<IllegalStateException> { leaked.bytes().toList() } }
                assertContains(error.message!!, "execute")
                assertFailsWith<IllegalStateException> { leaked.sse().toList() }
            }
        }
    }

    @Test
    fun bodyCanBeReadOnceInsideExecute(): Unit = runBlocking {
        RawServer { it.respond(200, "text/plain", "once") }.use { server ->
            HttpClient().use { client ->
                client.get(server.url).execute { response ->
                    assertEquals("once", response.bytes().toList().joinToString("") { String(it.bytes) })
                    val error = assertFailsWith<IllegalStateException> { response.bytes().toList() }
                    assertContains(error.message!!, "already read")
                }
            }
        }
    }

    @Test
    fun closedClientRefusesToStartStreams(): Unit = runBlocking {
        RawServer { it.respond(200, "text/plain", "x") }.use { server ->
            val client = HttpClient()
            val request = client.get(server.url)
            client.close()
            client.close() // idempotent
            assertTrue(client.isClosed)
            val error = assertFailsWith<IllegalStateException> { request.bytes().toList() }
            assertContains(error.message!!, "closed")
            assertEquals(0, server.requests.size)
        }
    }

    @Test
    fun closingTheClientStopsARunningStreamWithIllegalStateAndClosesItsConnection(): Unit = runBlocking {
        RawServer { ex ->
            ex.startChunked(200, "text/plain")
            while (true) {
                ex.chunk("tick\n")
                Thread.sleep(10)
            }
        }.use { server ->
            val client = HttpClient()
            val firstChunk = CompletableDeferred<Unit>()
            val collecting = async(Dispatchers.Default) {
                runCatching { client.get(server.url).bytes().collect { firstChunk.complete(Unit) } }
            }
            withTimeout(5_000) { firstChunk.await() }
            client.close()
            val outcome = withTimeout(5_000) { collecting.await() }
            val error = outcome.exceptionOrNull()
            assertTrue(error is IllegalStateException, "expected IllegalStateException, got $error")
            assertContains(error.message!!, "closed")
            assertTrue(server.awaitOpenConnectionsAtMost(0), "server still has ${server.openConnections} open")
        }
    }
}
