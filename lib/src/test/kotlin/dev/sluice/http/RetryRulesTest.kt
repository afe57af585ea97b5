package dev.sluice.http

import dev.sluice.internal.http.TransportTime
import dev.sluice.internal.http.backoffDelay
import dev.sluice.internal.http.delayBeforeRetry
import dev.sluice.internal.http.isRetryableFailure
import dev.sluice.internal.http.parseHttpDate
import dev.sluice.internal.http.serverRetryDelay
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** Which failures RetryPolicy retries, and how long it waits. */
class RetryRulesTest {
    private fun status(code: Int, body: String = "", vararg headers: Pair<String, String>) =
        HttpStatusException(code, "POST", "http://h/v1/chat", headers.associate { it.first to listOf(it.second) }, body, false)

    @Test
    fun retriedStatusesAreTheTransientOnes() {
        for (code in listOf(408, 409, 429, 500, 502, 503, 504, 529)) assertTrue(status(code).isRetryable, "$code")
        for (code in listOf(400, 401, 403, 404, 422, 501, 505, 418)) assertFalse(status(code).isRetryable, "$code")
    }

    @Test
    fun shouldRetryHeaderDecidesExceptForTheNeverRetriedStatuses() {
        assertFalse(status(503, "", "x-should-retry" to "false").isRetryable)
        assertTrue(status(418, "", "X-Should-Retry" to "true").isRetryable)
        assertFalse(status(401, "", "x-should-retry" to "true").isRetryable, "401 never")
        assertFalse(status(422, "", "x-should-retry" to "true").isRetryable, "422 never")
    }

    @Test
    fun aQuotaErrorIsNotRetriedThoughItIsA429() {
        assertFalse(status(429, """{"error":{"type":"insufficient_quota","message":"You exceeded your quota"}}""").isRetryable)
        assertTrue(status(429, """{"error":{"type":"requests","code":"rate_limit_exceeded"}}""").isRetryable)
    }

    @Test
    fun transportFailuresAndConnectTimeoutsAreRetriedOtherTimeoutsNot() {
        assertTrue(isRetryableFailure(HttpTransportException("GET", "http://h", "refused", null)))
        val connect = StreamTimeoutException("GET", "http://h", TimeoutLimit.CONNECT, 1.seconds, 0, "connect")
        val idle = StreamTimeoutException("GET", "http://h", TimeoutLimit.IDLE, 1.seconds, 5, "idle")
        assertTrue(isRetryableFailure(connect))
        assertFalse(isRetryableFailure(idle))
        assertFalse(isRetryableFailure(UnexpectedContentTypeException("text/event-stream", "text/html", "GET", "http://h")))
        assertFalse(isRetryableFailure(IllegalStateException("closed")))
    }

    @Test
    fun serverDelayIsRetryAfterMsThenRetryAfterSecondsOrDate() {
        val now = parseHttpDate("Wed, 02 Jan 2030 03:04:05 GMT")!!
        fun delay(vararg headers: Pair<String, String>): Duration? =
            serverRetryDelay({ name -> headers.firstOrNull { it.first.equals(name, true) }?.second }, now)
        assertEquals(1500.milliseconds, delay("retry-after-ms" to "1500", "Retry-After" to "9"))
        assertEquals(12.5.milliseconds, delay("retry-after-ms" to "12.5"))
        assertEquals(9.seconds, delay("Retry-After" to "9"))
        assertEquals(3.seconds, delay("Retry-After" to "Wed, 02 Jan 2030 03:04:08 GMT"))
        assertEquals(3.seconds, delay("Retry-After" to "Wednesday, 02-Jan-30 03:04:08 GMT"), "RFC 850")
        assertEquals(3.seconds, delay("Retry-After" to "Wed Jan  2 03:04:08 2030"), "asctime")
        assertEquals(Duration.ZERO, delay("Retry-After" to "Wed, 02 Jan 2030 03:00:00 GMT"), "a past date is now")
        assertNull(delay("Retry-After" to "soon"))
        assertNull(delay("Retry-After" to "-3"))
        assertEquals(2.seconds, delay("retry-after-ms" to "NaN", "Retry-After" to "2"), "an unreadable ms header falls back")
        assertNull(delay())
    }

    @Test
    fun backoffIsFullJitterOfAnExponentialCappedDelay() {
        val base = 500.milliseconds
        val cap = 8.seconds
        assertEquals(listOf(0.5, 1.0, 2.0, 4.0, 8.0, 8.0).map { it.seconds }, (1..6).map { backoffDelay(it, base, cap, 1.0) })
        assertEquals(Duration.ZERO, backoffDelay(3, base, cap, 0.0))
        assertEquals(1.seconds, backoffDelay(3, base, cap, 0.5))
        assertEquals(cap, backoffDelay(1_000, base, cap, 1.0), "no overflow")
    }

    @Test
    fun delayBeforeRetryHonoursTheServerUpToTheCapAndCountsRetries() {
        val time = TransportTime(wallMillis = { 0 }, jitter = { 1.0 })
        val policy = RetryPolicy()
        assertEquals(2.seconds, policy.delayBeforeRetry(status(429, "", "Retry-After" to "2"), 1, time))
        assertEquals(60.seconds, policy.delayBeforeRetry(status(429, "", "Retry-After" to "60"), 1, time))
        assertNull(policy.delayBeforeRetry(status(429, "", "Retry-After" to "61"), 1, time), "above the cap: give up at once")
        assertEquals(1.seconds, policy.delayBeforeRetry(status(503), 2, time))
        assertNull(policy.delayBeforeRetry(status(503), 3, time), "two retries by default")
        assertEquals(120.seconds, policy.withMaxRetryAfter(null).delayBeforeRetry(status(429, "", "Retry-After" to "120"), 1, time))
        assertNull(RetryPolicy.none().delayBeforeRetry(status(503), 1, time))
    }

    @Test
    fun anErrorNamesTheDelayTheServerAskedFor() {
        val e = status(429, "slow down", "Retry-After" to "120")
        assertEquals(120.seconds, e.retryAfter)
        assertEquals(java.time.Duration.ofSeconds(120), e.getRetryAfter())
        assertTrue(e.message!!.contains("retry after 2m"), e.message)
        assertNull(status(500).retryAfter)
    }

    @Test
    fun policyDefaultsValidationAndCopies() {
        val policy = RetryPolicy()
        assertEquals(2, policy.maxRetries)
        assertEquals(500.milliseconds, policy.baseDelay)
        assertEquals(8.seconds, policy.maxDelay)
        assertEquals(60.seconds, policy.maxRetryAfter)
        val custom = policy.withMaxRetries(5).withBaseDelay(java.time.Duration.ofMillis(10)).withMaxDelay(1.seconds)
        assertEquals(RetryPolicy().withMaxRetries(5).withBaseDelay(10.milliseconds).withMaxDelay(java.time.Duration.ofSeconds(1)), custom)
        assertEquals(0, RetryPolicy.none().maxRetries)
        assertEquals(Duration.INFINITE, policy.withMaxRetryAfter(null).maxRetryAfter)
        assertFailsWith<IllegalArgumentException> { policy.withMaxRetries(-1) }
        assertFailsWith<IllegalArgumentException> { policy.withBaseDelay(java.time.Duration.ofNanos(10)) }
        assertFailsWith<IllegalArgumentException> { policy.withMaxDelay(Duration.INFINITE) }
        assertFailsWith<IllegalArgumentException> { policy.withMaxRetryAfter(java.time.Duration.ZERO) }
        assertTrue(custom.toString().contains("maxRetries=5"), custom.toString())
    }
}
