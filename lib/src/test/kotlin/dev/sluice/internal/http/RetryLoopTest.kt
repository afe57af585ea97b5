package dev.sluice.internal.http

import dev.sluice.http.HttpStatusException
import dev.sluice.http.HttpTransportException
import dev.sluice.http.RetryPolicy
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertSame
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The retry loop in virtual time: the waits are real `delay`s, and cost no wall-clock time. */
class RetryLoopTest {
    private val waits = ArrayList<Duration>()

    private fun TestScope.time(jitter: Double = 1.0) = TransportTime(
        nanoTime = { testScheduler.currentTime * 1_000_000 },
        wallMillis = { 1_000_000 + testScheduler.currentTime },
        sleep = { waits += it; delay(it) },
        jitter = { jitter },
    )

    private fun status(code: Int, vararg headers: Pair<String, String>) =
        HttpStatusException(code, "POST", "http://h", headers.associate { it.first to listOf(it.second) }, "", false)

    @Test
    fun transientFailuresAreRetriedWithExponentialBackoffThenSucceed() = runTest {
        val loop = RetryLoop(RetryPolicy().withMaxRetries(3), time())
        val result = loop.run({ true }, { _, _, _ -> }) { attempt ->
            if (attempt < 4) throw status(503)
            "ok after $attempt"
        }
        assertEquals("ok after 4", result)
        assertEquals(4, loop.attempts)
        assertEquals(listOf(500.milliseconds, 1.seconds, 2.seconds), waits)
        assertEquals(3_500, currentTime, "virtual time advanced by the waits alone")
    }

    @Test
    fun afterTheLastRetryTheLastFailureIsThrown() = runTest {
        val loop = RetryLoop(RetryPolicy(), time(jitter = 0.25))
        var last: Throwable? = null
        val thrown = assertFailsWith<HttpTransportException> {
            loop.run({ true }, { _, _, _ -> }) { attempt ->
                throw HttpTransportException("POST", "http://h", "reset $attempt", null).also { last = it }
            }
        }
        assertSame(last, thrown)
        assertEquals(3, loop.attempts)
        assertEquals(listOf(125.milliseconds, 250.milliseconds), waits, "full jitter takes a fraction of each delay")
    }

    @Test
    fun theServersDelayWinsAndAnHttpDateIsReadAgainstTheWallClock() = runTest {
        val date = parseHttpDate("Thu, 01 Jan 1970 00:16:50 GMT")!! // 1_010_000 ms
        val answers = ArrayDeque(listOf(status(429, "Retry-After" to "7"), status(503, "Retry-After" to "Thu, 01 Jan 1970 00:16:50 GMT")))
        val loop = RetryLoop(RetryPolicy(), time())
        loop.run({ true }, { _, _, _ -> }) { answers.removeFirstOrNull()?.let { throw it } }
        assertEquals(listOf(7.seconds, (date - 1_007_000).milliseconds), waits)
    }

    @Test
    fun aServerDelayAboveTheCapFailsAtOnce() = runTest {
        val loop = RetryLoop(RetryPolicy(), time())
        val e = assertFailsWith<HttpStatusException> {
            loop.run({ true }, { _, _, _ -> }) { throw status(429, "retry-after-ms" to "90000") }
        }
        assertEquals(90.seconds, e.retryAfter)
        assertEquals(1, loop.attempts)
        assertEquals(emptyList(), waits)
    }

    @Test
    fun whatTheCallerRefusesIsNotRetriedAndCancellationNever() = runTest {
        val loop = RetryLoop(RetryPolicy(), time())
        assertFailsWith<HttpStatusException> { loop.run({ false }, { _, _, _ -> }) { throw status(503) } }
        assertEquals(1, loop.attempts)
        val again = RetryLoop(RetryPolicy(), time())
        assertFailsWith<CancellationException> { again.run({ true }, { _, _, _ -> }) { throw CancellationException("stop") } }
        assertEquals(1, again.attempts)
    }

    @Test
    fun beforeEachWaitTheCallerHearsTheRetryItsDelayAndWhy() = runTest {
        val heard = ArrayList<String>()
        val loop = RetryLoop(RetryPolicy(), time())
        loop.run({ true }, { retry, delay, failure -> heard += "$retry $delay ${(failure as HttpStatusException).status}" }) { attempt ->
            if (attempt == 1) throw status(502)
        }
        assertEquals(listOf("1 500ms 502"), heard)
    }
}
