package dev.sluice.llm.client

import dev.sluice.http.HttpClient
import dev.sluice.http.HttpClientOptions
import dev.sluice.http.RetryPolicy
import dev.sluice.http.SluiceHttp
import dev.sluice.http.endings.BodyKind
import dev.sluice.http.endings.HttpView
import dev.sluice.http.okHttpEngine
import dev.sluice.testing.RawServer
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.Fault
import dev.sluice.testkit.script
import kotlinx.coroutines.runBlocking
import okhttp3.OkHttpClient
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * The OkHttp engine helper (what an Android app picks): SSE and LLM streams go through the app's
 * own OkHttpClient, and an LLM answer cut short is still a typed interruption with its partial.
 *
 * Unlike Sluice's own engine, Ktor's OkHttp engine does not report every body cut short (it has
 * ended a truncated chunked body cleanly in this suite's runs), so the plain-HTTP ending is not
 * asserted here; the LLM layer catches it by the missing terminal event.
 */
@Timeout(30)
class OkHttpEngineTest {
    private val intercepted = AtomicInteger()
    private val okHttp = OkHttpClient.Builder()
        .addInterceptor { chain -> intercepted.incrementAndGet(); chain.proceed(chain.request()) }
        .build()

    private fun <T> withOkHttp(block: (io.ktor.client.engine.HttpClientEngine) -> T): T = try {
        okHttpEngine(okHttp).use(block)
    } finally {
        okHttp.dispatcher.executorService.shutdown()
        okHttp.connectionPool.evictAll()
    }

    @Test
    fun serverSentEventsStreamThroughTheAppsOkHttpClient() {
        val outcome = RawServer { ex ->
            ex.startChunked(200, "text/event-stream")
            ex.chunk("data: a\n\n")
            ex.chunk("data: b\ndata: c\n\n")
            ex.endChunks()
        }.use { server ->
            withOkHttp { engine ->
                SluiceHttp.wrap(HttpClient(HttpClientOptions().apply { this.engine = engine })).use { http ->
                    HttpView.FLOW.run(BodyKind.SSE.of(http.get(server.url + "/s")))
                }
            }
        }
        assertNull(outcome.error)
        assertEquals(listOf("a", "b\nc"), outcome.items)
        assertEquals(1, intercepted.get(), "the app's OkHttpClient (and its interceptor) sent the request")
    }

    @Test
    fun anLlmAnswerCutShortIsAnInterruptionWithItsPartial() {
        val answer = "one two three four five"
        FakeLlmServer().start().use { fake ->
            fake.enqueue(script { text(answer); fault(Fault.DropConnection(2)) })
            val e = withOkHttp { engine ->
                val options = LlmClientOptions().apply {
                    this.engine = engine
                    retryPolicy = RetryPolicy.none()
                }
                LlmClient(configFor(Provider.ANTHROPIC, fake), options).use { client ->
                    assertFailsWith<LlmInterruptedException> { runBlocking { client.complete(requestFor()) } }
                }
            }
            assertTrue(answer.startsWith(e.partial.text) && e.partial.text.length < answer.length, "partial '${e.partial.text}'")
            assertEquals(1, intercepted.get())
        }
    }
}
