package dev.sluice.http

import dev.sluice.internal.http.reconnectDelay
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class ReconnectDelayTest {
    private val cap = 30.seconds

    @Test
    fun afterAStreamThatDeliveredEventsTheWaitIsExactlyTheRetryValue() {
        assertEquals(3.seconds, reconnectDelay(0, 3.seconds, cap, 1.0))
        assertEquals(150.milliseconds, reconnectDelay(0, 150.milliseconds, cap, 0.3))
    }

    @Test
    fun consecutiveFailuresDoubleTheWaitUpToTheCapAtFullJitterOne() {
        val delays = (1..8).map { reconnectDelay(it, 1.seconds, cap, 1.0) }
        assertEquals(listOf(2, 4, 8, 16, 30, 30, 30, 30).map { it.seconds }, delays)
    }

    @Test
    fun jitterSpreadsTheGrowthAboveTheRetryValueNeverBelowIt() {
        assertEquals(1.seconds, reconnectDelay(3, 1.seconds, cap, 0.0))
        assertEquals(4.5.seconds, reconnectDelay(3, 1.seconds, cap, 0.5))
        val delays = (0..100).map { reconnectDelay(3, 1.seconds, cap, it / 100.0) }
        assertTrue(delays.all { it in 1.seconds..8.seconds }, "${delays.first()}..${delays.last()}")
    }

    @Test
    fun aServerRetryLargerThanTheCapStillWins() {
        assertEquals(60.seconds, reconnectDelay(5, 60.seconds, cap, 1.0))
    }

    @Test
    fun hugeFailureCountsDoNotOverflow() {
        assertEquals(cap, reconnectDelay(1_000, 1.seconds, cap, 1.0))
        assertEquals(cap, reconnectDelay(63, 1.seconds, cap, 1.0))
    }

    @Test
    fun retryAfterIsAFloor() {
        assertEquals(5.seconds, reconnectDelay(1, 100.milliseconds, cap, 0.0, retryAfter = 5.seconds))
        assertEquals(5.seconds, reconnectDelay(0, 100.milliseconds, cap, 0.0, retryAfter = 5.seconds))
    }
}
