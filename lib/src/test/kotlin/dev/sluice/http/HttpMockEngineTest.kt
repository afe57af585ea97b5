package dev.sluice.http

import io.ktor.client.engine.mock.MockEngine
import io.ktor.client.engine.mock.respond
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpStatusCode
import io.ktor.http.headersOf
import io.ktor.client.request.HttpRequestData
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull

/** Request building and header handling, against Ktor's fake engine (no sockets needed). */
class HttpMockEngineTest {
    private val seen = CopyOnWriteArrayList<HttpRequestData>()
    private val engine = MockEngine { request ->
        seen += request
        if (request.url.encodedPath.endsWith("/events")) {
            respond("", HttpStatusCode.NoContent)
        } else {
            respond("body", HttpStatusCode.OK, headersOf(HttpHeaders.ContentType, "text/plain"))
        }
    }

    @Test
    fun relativePathsAreAppendedToTheBaseUrlKeepingItsPath(): Unit = runBlocking {
        HttpClient { baseUrl = "https://api.example.test/v1/"; this.engine = this@HttpMockEngineTest.engine }.use { client ->
            assertEquals("https://api.example.test/v1/chat/completions", client.get("chat/completions").url)
            assertEquals("https://api.example.test/v1/models", client.get("/models").url)
            assertEquals("http://other.test/x", client.get("http://other.test/x").url)
            client.get("models?limit=2").bytes().toList()
            assertEquals("https://api.example.test/v1/models?limit=2", seen.single().url.toString())
        }
    }

    @Test
    fun defaultHeadersAreSentAndARequestHeaderOfTheSameNameReplacesThem(): Unit = runBlocking {
        HttpClient {
            baseUrl = "https://api.example.test"
            engine = this@HttpMockEngineTest.engine
            header("Authorization", "Bearer default")
            header("X-Client", "sluice")
        }.use { client ->
            client.get("/a").header("authorization", "Bearer override").bytes().toList()
            val headers = seen.single().headers
            assertEquals(listOf("Bearer override"), headers.getAll("Authorization"))
            assertEquals("sluice", headers["X-Client"])
        }
    }

    @Test
    fun sseRequestSeedsLastEventIdFromItsOwnHeaderAndCanOverrideAccept(): Unit = runBlocking {
        HttpClient { baseUrl = "https://sse.test"; engine = this@HttpMockEngineTest.engine }.use { client ->
            client.get("/events").header("Last-Event-ID", "41").header("Accept", "text/event-stream, */*").sse().toList()
            val headers = seen.single().headers
            assertEquals("41", headers["Last-Event-ID"])
            assertEquals("text/event-stream, */*", headers["Accept"])
        }
    }

    @Test
    fun requestsAreImmutable() {
        HttpClient { engine = this@HttpMockEngineTest.engine }.use { client ->
            val base = client.get("http://h.test/")
            val changed = base.header("A", "1").body("{}", "application/json")
            assertEquals(emptyMap(), base.headers)
            assertNull(base.body)
            assertEquals(mapOf("A" to listOf("1")), changed.headers)
            assertEquals("application/json", changed.contentType)
            assertFalse(base === changed)
        }
    }

    @Test
    fun invalidContentTypeIsRefused() {
        HttpClient { engine = this@HttpMockEngineTest.engine }.use { client ->
            assertFailsWith<IllegalArgumentException> { client.get("http://h.test/").body("x", "not a type") }
        }
    }

    @Test
    fun closingTheClientLeavesAnInjectedEngineOpen(): Unit = runBlocking {
        HttpClient { engine = this@HttpMockEngineTest.engine }.close()
        HttpClient { engine = this@HttpMockEngineTest.engine }.use { client ->
            assertEquals("body", client.get("http://h.test/").bytes().toList().joinToString("") { String(it.bytes) })
        }
    }
}
