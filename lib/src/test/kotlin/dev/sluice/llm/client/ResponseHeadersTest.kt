package dev.sluice.llm.client

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.RateLimits
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.script
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

/** The status, headers and rate limits of a streamed call, on the result and on StreamStarted. */
@Timeout(30)
class ResponseHeadersTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()
    }

    private val fake get() = fakeServer.server()

    private val openAiLimits = script {
        text("Hello there")
        header("x-ratelimit-limit-requests", "10000")
        header("x-ratelimit-remaining-requests", "9999")
        header("x-ratelimit-reset-requests", "6ms")
        header("x-ratelimit-limit-tokens", "200000")
        header("x-ratelimit-remaining-tokens", "199950")
        header("x-ratelimit-reset-tokens", "1m30.5s")
    }

    private val anthropicLimits = script {
        text("Hello there")
        header("anthropic-ratelimit-requests-limit", "50")
        header("anthropic-ratelimit-requests-remaining", "49")
        header("anthropic-ratelimit-requests-reset", "2030-01-02T03:04:05Z")
        header("anthropic-ratelimit-input-tokens-limit", "40000")
        header("anthropic-ratelimit-input-tokens-remaining", "39000")
        header("anthropic-ratelimit-output-tokens-limit", "8000")
        header("anthropic-ratelimit-output-tokens-remaining", "7990")
        header("anthropic-ratelimit-tokens-limit", "48000")
        header("anthropic-ratelimit-tokens-remaining", "46990")
        header("retry-after", "7")
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun statusAndHeadersAreOnTheResultAndOnStreamStarted(provider: Provider): Unit = runBlocking {
        fake.enqueue(script { text("Hi"); header("x-custom", "yes") })
        clientFor(provider, fake).use { client ->
            var started: LlmEvent.StreamStarted? = null
            val result = client.complete(requestFor()) { if (it is LlmEvent.StreamStarted) started = it }
            val info = assertNotNull(result.response)
            assertEquals(200, info.status)
            assertEquals("yes", info.header("X-Custom"))
            assertTrue(info.requestId!!.startsWith("req_fake_"), info.requestId)
            assertSame(info, assertNotNull(started).response)
            assertTrue(info.rateLimits.isEmpty)
        }
    }

    @ParameterizedTest
    @EnumSource(value = Provider::class, names = ["OPENAI_CHAT", "OPENAI_RESPONSES", "OPENAI_COMPATIBLE"])
    fun openAiRateLimitHeadersAreTyped(provider: Provider): Unit = runBlocking {
        fake.enqueue(openAiLimits)
        clientFor(provider, fake).use { client ->
            val first = client.events(requestFor()).toList().first() as LlmEvent.StreamStarted
            val limits = assertNotNull(first.response).rateLimits
            assertEquals(10000L, limits.requests?.limit)
            assertEquals(9999L, limits.requests?.remaining)
            assertEquals(Duration.ofMillis(6), limits.requests?.resetAfter)
            assertEquals(200000L, limits.tokens?.limit)
            assertEquals(199950L, limits.tokens?.remaining)
            assertEquals("1m30.5s", limits.tokens?.reset)
            assertEquals(Duration.ofMillis(90_500), limits.tokens?.resetAfter)
            assertNull(limits.inputTokens)
            assertNull(limits.retryAfter)
        }
    }

    @Test
    fun anthropicRateLimitHeadersAreTyped(): Unit = runBlocking {
        fake.enqueue(anthropicLimits)
        clientFor(Provider.ANTHROPIC, fake).use { client ->
            val limits = assertNotNull(client.complete(requestFor()).response).rateLimits
            assertEquals(50L, limits.requests?.limit)
            assertEquals(49L, limits.requests?.remaining)
            assertEquals(1893553445000L, limits.requests?.resetAtEpochMillis)
            assertNull(limits.requests?.resetAfter)
            assertEquals(39000L, limits.inputTokens?.remaining)
            assertEquals(8000L, limits.outputTokens?.limit)
            assertEquals(46990L, limits.tokens?.remaining)
            assertEquals(Duration.ofSeconds(7), limits.retryAfter)
        }
    }

    @Test
    fun parsingToleratesGarbageAndPrefersRetryAfterMs() {
        val limits = RateLimits.fromHeaders(
            mapOf(
                "X-RateLimit-Remaining-Requests" to listOf("many"),
                "x-ratelimit-reset-requests" to listOf("soon"),
                "retry-after" to listOf("9"),
                "retry-after-ms" to listOf("1500"),
            ),
        )
        assertNull(limits.requests?.remaining)
        assertEquals("soon", limits.requests?.reset)
        assertNull(limits.requests?.resetAfter)
        assertEquals(Duration.ofMillis(1500), limits.retryAfter)
        assertTrue(RateLimits.fromHeaders(mapOf("content-type" to listOf("text/event-stream"))).isEmpty)
    }
}
