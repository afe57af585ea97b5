package dev.sluice.internal.http

import dev.sluice.http.HttpClient
import dev.sluice.http.HttpClientOptions
import dev.sluice.http.RetryPolicy
import dev.sluice.http.StreamingResponse
import dev.sluice.internal.http.engine.BodyChannel
import dev.sluice.internal.http.engine.SocketReadChannel
import dev.sluice.testing.RawServer
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertIs

/**
 * A plain http body reaches the reader with no coroutine in between: the response hands over the
 * engine's own body channel (Ktor's `bodyAsChannel()` would copy it through one more coroutine),
 * and that channel reads the socket itself (Ktor's `openReadChannel()` would run a reader
 * coroutine on `Dispatchers.IO`). Each of those costs a thread wake-up per read, most of a paced
 * token's client CPU (BENCHMARKS.md).
 */
class DirectBodyTest {
    private fun field(owner: Any, name: String): Any? =
        owner.javaClass.getDeclaredField(name).apply { isAccessible = true }.get(owner)

    @Test
    fun aPlainBodyIsTheEnginesChannelReadingTheSocketItself() {
        RawServer { it.respond(200, "text/plain", "hello, direct") }.use { server ->
            HttpClient(HttpClientOptions().apply { retryPolicy = RetryPolicy.none() }).use { client ->
                runBlocking {
                    client.get(server.url + "/body").exchange { response: StreamingResponse ->
                        val body = assertIs<BodyChannel>(field(response, "channel"), "the response's body is not the engine's channel")
                        assertIs<SocketReadChannel>(field(body, "input"), "the engine's channel does not read the socket itself")
                        assertEquals("hello, direct", String(response.readExcerpt(100, 5_000)))
                    }
                }
            }
        }
    }
}
