package dev.sluice.llm

import dev.sluice.http.HttpClient
import dev.sluice.http.HttpClientOptions
import dev.sluice.http.RetryPolicy
import dev.sluice.llm.request.Provider
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlin.time.Duration
import kotlin.time.Duration.Companion.microseconds
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** Timeouts are durations in both languages; anything under 1 ms is a mistake, never "none". */
class ClientOptionsTest {
    @Test
    fun llmDefaultsNeverHangForeverYetLetLongReasoningFinish() {
        val options = LlmClientOptions()
        assertEquals(10.seconds, options.connectTimeout)
        assertEquals(10.minutes, options.firstTokenTimeout)
        assertEquals(5.minutes, options.idleTimeout)
        assertEquals(Duration.INFINITE, options.totalTimeout)
        assertEquals(RetryPolicy(), options.retryPolicy)
    }

    @Test
    fun httpDefaultsHaveAConnectTimeoutAndNoStreamLimits() {
        val options = HttpClientOptions()
        assertEquals(10.seconds, options.connectTimeout)
        assertEquals(Duration.INFINITE, options.firstByteTimeout)
        assertEquals(Duration.INFINITE, options.idleTimeout)
        assertEquals(Duration.INFINITE, options.totalTimeout)
        assertEquals(2, options.retryPolicy.maxRetries)
    }

    @Test
    fun javaBuildersTakeJavaDurationsAndNullForNone() {
        val options = LlmClientOptions()
            .connectTimeout(java.time.Duration.ofSeconds(3))
            .idleTimeout(java.time.Duration.ofMillis(1500))
            .totalTimeout(null)
        assertEquals(3.seconds, options.connectTimeout)
        assertEquals(1500.milliseconds, options.idleTimeout)
        assertEquals(Duration.INFINITE, options.totalTimeout)
        assertTrue(options.toString().contains("idleTimeout=1.5s"), options.toString())
    }

    @Test
    fun subMillisecondZeroAndNegativeTimeoutsAreRejected() {
        for (bad in listOf(java.time.Duration.ZERO, java.time.Duration.ofNanos(999_999), java.time.Duration.ofSeconds(-1))) {
            val e = assertFailsWith<IllegalArgumentException> { LlmClientOptions().idleTimeout(bad) }
            assertTrue(e.message!!.contains("idleTimeout must be at least 1 ms"), e.message)
            assertFailsWith<IllegalArgumentException> { LlmClientOptions().totalTimeout(bad) }
            assertFailsWith<IllegalArgumentException> { LlmClientOptions().connectTimeout(bad) }
            assertFailsWith<IllegalArgumentException> { LlmClientOptions().firstTokenTimeout(bad) }
            assertFailsWith<IllegalArgumentException> { HttpClientOptions().connectTimeout(bad) }
            assertFailsWith<IllegalArgumentException> { HttpClientOptions().idleTimeout(bad) }
        }
    }

    @Test
    fun kotlinPropertiesAreCheckedWhenTheClientIsMade() {
        val e = assertFailsWith<IllegalArgumentException> {
            LlmClient(LlmClient(Provider.OLLAMA, "http://127.0.0.1:9").use { it.config }, LlmClientOptions().apply { idleTimeout = 500.microseconds })
        }
        assertTrue(e.message!!.contains("idleTimeout"), e.message)
        assertFailsWith<IllegalArgumentException> { HttpClient { connectTimeout = Duration.ZERO } }
    }
}
