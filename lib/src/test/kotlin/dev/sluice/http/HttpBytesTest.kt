package dev.sluice.http

import dev.sluice.testing.RawServer
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import java.io.ByteArrayOutputStream
import kotlin.random.Random
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue

@Timeout(30)
class HttpBytesTest {
    @Test
    fun bytesViewDeliversTheWholeBodyWithProgressAndAnnouncedLength(): Unit = runBlocking {
        val body = Random(7).nextBytes(300_000)
        RawServer { it.respond(200, "application/octet-stream", body) }.use { server ->
            HttpClient().use { client ->
                val chunks = client.get(server.url + "/blob").bytes().toList()
                val joined = ByteArrayOutputStream().apply { chunks.forEach { write(it.bytes) } }.toByteArray()
                assertContentEquals(body, joined)
                assertTrue(chunks.size > 1, "a 300 KB body arrives in several pieces, got ${chunks.size}")
                var soFar = 0L
                for (chunk in chunks) {
                    soFar += chunk.size
                    assertEquals(soFar, chunk.bytesSoFar)
                    assertEquals(body.size.toLong(), chunk.contentLength)
                }
            }
        }
    }

    @Test
    fun chunkedBodyHasNoContentLength(): Unit = runBlocking {
        RawServer { ex ->
            ex.startChunked(200, "text/plain")
            repeat(5) { ex.chunk("piece $it;") }
            ex.endChunks()
        }.use { server ->
            HttpClient().use { client ->
                val chunks = client.get(server.url).bytes().toList()
                assertEquals("piece 0;piece 1;piece 2;piece 3;piece 4;", chunks.joinToString("") { String(it.bytes) })
                chunks.forEach { assertNull(it.contentLength) }
                assertEquals(40L, chunks.last().bytesSoFar)
            }
        }
    }

    @Test
    fun requestCarriesMethodBodyAndHeadersWithRequestHeadersOverridingDefaults(): Unit = runBlocking {
        RawServer { it.respond(200, "text/plain", "ok") }.use { server ->
            val client = HttpClient {
                baseUrl = server.url + "/api/"
                header("X-Default", "from-client")
                header("X-Shared", "client")
            }
            client.use {
                val request = client.post("/items", "{\"a\":1}".toByteArray(), "application/json")
                    .header("X-Shared", "request")
                    .header("x-shared", "request-2")
                request.bytes().toList()
            }
            val recorded = server.requests.single()
            assertEquals("POST", recorded.method)
            assertEquals("/api/items", recorded.path)
            assertEquals("{\"a\":1}", String(recorded.body))
            assertTrue(recorded.header("Content-Type")!!.startsWith("application/json"))
            assertEquals("from-client", recorded.header("X-Default"))
            assertEquals("request-2", recorded.header("X-Shared"))
        }
    }

    @Test
    fun eachCollectionSendsTheRequestAgain(): Unit = runBlocking {
        RawServer { it.respond(200, "text/plain", "hello") }.use { server ->
            HttpClient().use { client ->
                val flow = client.get(server.url).bytes()
                assertEquals(0, server.requests.size, "building the flow sends nothing")
                flow.toList()
                flow.toList()
                assertEquals(2, server.requests.size)
            }
        }
    }

    @Test
    fun emptyBodyGivesAnEmptyFlow(): Unit = runBlocking {
        RawServer { it.respond(200, "text/plain", ByteArray(0)) }.use { server ->
            HttpClient().use { client -> assertEquals(emptyList(), client.get(server.url).bytes().toList()) }
        }
    }
}
