package dev.sluice.internal.metrics

import dev.sluice.metrics.MetricsListener
import dev.sluice.metrics.StreamMetrics
import java.time.Duration
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

private class FakeClock(var now: Long = 1_000_000_000L) : NanoClock {
    override fun nanoTime(): Long = now
    fun advanceMillis(ms: Long) {
        now += ms * 1_000_000
    }
}

private fun ms(n: Long): Duration = Duration.ofMillis(n)

class MetricsRecorderTest {
    private val clock = FakeClock()

    @Test
    fun firstByteFirstTokenAndTotalAreMeasuredFromTheStart() {
        val r = MetricsRecorder(clock = clock)
        r.requestStarted()
        clock.advanceMillis(120)
        r.responseHeaders(mapOf("X-Request-Id" to listOf("req_123")))
        clock.advanceMillis(5)
        r.bytesRead(100)
        clock.advanceMillis(75)
        r.tokenDelta()
        clock.advanceMillis(800)
        val m = r.finished()
        assertEquals(ms(120), m.timeToFirstByte)
        assertEquals(ms(200), m.timeToFirstToken)
        assertEquals(ms(1000), m.totalDuration)
        assertEquals("req_123", m.requestId)
        assertEquals(100, m.bytesRead)
        assertTrue(m.isCompleted)
    }

    @Test
    fun firstBodyBytesCountAsFirstByteWhenHeadersWereNotReported() {
        val r = MetricsRecorder(clock = clock)
        r.requestStarted()
        clock.advanceMillis(30)
        r.bytesRead(0)
        clock.advanceMillis(10)
        r.bytesRead(7)
        clock.advanceMillis(10)
        r.bytesRead(3)
        val m = r.finished()
        assertEquals(ms(40), m.timeToFirstByte)
        assertEquals(10, m.bytesRead)
        assertFailsWith<IllegalArgumentException> { r.bytesRead(-1) }
    }

    @Test
    fun interTokenGapsGiveCountMeanMaxAndNearestRankPercentiles() {
        val r = MetricsRecorder(clock = clock)
        r.requestStarted()
        clock.advanceMillis(100)
        r.tokenDelta()
        // 20 gaps: 1..20 ms, delivered out of order to check sorting.
        val gaps = (1L..20L).shuffled(kotlin.random.Random(4))
        for (g in gaps) {
            clock.advanceMillis(g)
            r.tokenDelta()
        }
        val m = r.finished()
        assertEquals(21, m.tokenDeltas)
        assertEquals(20, m.interTokenGapCount)
        assertEquals(Duration.ofNanos(10_500_000), m.meanInterTokenGap)
        assertEquals(ms(20), m.maxInterTokenGap)
        assertEquals(ms(10), m.p50InterTokenGap)
        assertEquals(ms(19), m.p95InterTokenGap)
    }

    @Test
    fun tokensPerSecondUsesUsageWhenReportedElseCountedDeltas() {
        val r = MetricsRecorder(clock = clock)
        r.requestStarted()
        clock.advanceMillis(500)
        repeat(4) {
            r.tokenDelta()
            clock.advanceMillis(250)
        }
        val counted = r.snapshot()
        assertEquals(4, counted.outputTokens)
        assertNull(counted.usageOutputTokens)
        assertEquals(4.0, counted.outputTokensPerSecond!!, 1e-9)
        r.usage(10)
        r.usage(12)
        val m = r.finished()
        assertEquals(12, m.usageOutputTokens)
        assertEquals(12, m.outputTokens)
        assertEquals(12.0, m.outputTokensPerSecond!!, 1e-9)
    }

    @Test
    fun streamWithoutTokensHasNullTokenFigures() {
        val r = MetricsRecorder(clock = clock)
        r.requestStarted()
        clock.advanceMillis(50)
        val m = r.finished(completed = false)
        assertNull(m.timeToFirstToken)
        assertNull(m.timeToFirstByte)
        assertNull(m.outputTokensPerSecond)
        assertNull(m.meanInterTokenGap)
        assertNull(m.p95InterTokenGap)
        assertEquals(0, m.interTokenGapCount)
        assertFalse(m.isCompleted)
    }

    @Test
    fun laterAttemptsCountAsRetriesWithoutMovingTheStart() {
        val retries = mutableListOf<Int>()
        val r = MetricsRecorder(
            object : MetricsListener {
                override fun onRetry(retry: Int) {
                    retries += retry
                }
            },
            clock,
        )
        r.requestStarted()
        clock.advanceMillis(100)
        r.bytesRead(10)
        r.requestStarted()
        clock.advanceMillis(100)
        r.requestStarted()
        clock.advanceMillis(100)
        r.tokenDelta()
        val m = r.finished()
        assertEquals(2, m.retries)
        assertEquals(listOf(1, 2), retries)
        assertEquals(ms(300), m.timeToFirstToken)
        assertEquals(10, m.bytesRead)
    }

    @Test
    fun requestIdFallsBackToAnthropicHeaderAndLaterResponseWins() {
        val r = MetricsRecorder(clock = clock)
        r.requestStarted()
        r.responseHeaders { name -> if (name == "request-id") "req_ant" else null }
        assertEquals("req_ant", r.snapshot().requestId)
        r.responseHeaders { name -> if (name == "x-request-id") "req_oai" else "req_other" }
        assertEquals("req_oai", r.snapshot().requestId)
        r.responseHeaders { null }
        assertEquals("req_oai", r.finished().requestId)
    }

    @Test
    fun listenerHearsEventsInOrderAndCompletionOnce() {
        val heard = mutableListOf<String>()
        val listener = object : MetricsListener {
            override fun onFirstByte(sinceStart: Duration) { heard += "byte ${sinceStart.toMillis()}" }
            override fun onFirstToken(sinceStart: Duration) { heard += "first ${sinceStart.toMillis()}" }
            override fun onToken(gap: Duration) { heard += "token ${gap.toMillis()}" }
            override fun onComplete(metrics: StreamMetrics) { heard += "complete ${metrics.tokenDeltas}" }
        }
        val r = MetricsRecorder(listener, clock)
        r.requestStarted()
        clock.advanceMillis(10)
        r.responseHeaders(emptyMap())
        r.bytesRead(5)
        clock.advanceMillis(20)
        r.tokenDelta()
        clock.advanceMillis(3)
        r.tokenDelta()
        val first = r.finished()
        clock.advanceMillis(1000)
        assertSame(first, r.finished(completed = false))
        assertSame(first, r.snapshot())
        assertEquals(listOf("byte 10", "first 30", "token 30", "token 3", "complete 2"), heard)
    }

    @Test
    fun snapshotIsLiveAndNotCompleted() {
        val r = MetricsRecorder(clock = clock)
        r.requestStarted()
        clock.advanceMillis(40)
        r.tokenDelta()
        clock.advanceMillis(60)
        val s = r.snapshot()
        assertFalse(s.isCompleted)
        assertEquals(ms(100), s.totalDuration)
        assertEquals(s, r.snapshot())
        assertTrue(s.toString().startsWith("StreamMetrics(timeToFirstByte=null, timeToFirstToken=40.0ms, outputTokens=1 (deltas)"), s.toString())
    }

    /** A token costs its gap (8 bytes, twice over as the array doubles) and nothing more: no box per token. */
    @Test
    fun aTokenAllocatesOnlyItsGap() {
        val r = MetricsRecorder(clock = clock)
        r.requestStarted()
        val tokens = 100_000
        val threads = java.lang.management.ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        val before = threads.getThreadAllocatedBytes(Thread.currentThread().id)
        repeat(tokens) {
            clock.advanceMillis(1)
            r.tokenDelta()
        }
        val perToken = (threads.getThreadAllocatedBytes(Thread.currentThread().id) - before).toDouble() / tokens
        assertEquals(tokens.toLong(), r.finished().tokenDeltas)
        assertTrue(perToken < 24, "$perToken bytes per token")
    }
}
