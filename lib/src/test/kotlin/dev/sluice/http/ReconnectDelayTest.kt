package dev.sluice.http

import dev.sluice.internal.http.reconnectDelay
import kotlin.random.Random
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class ReconnectDelayTest {
    private val noJitter = SseReconnect(jitter = 0.0, maxDelayMillis = 30_000)

    @Test
    fun afterAStreamThatDeliveredEventsTheWaitIsExactlyTheRetryValue() {
        assertEquals(3_000, reconnectDelay(0, 3_000, SseReconnect(), Random(1)))
        assertEquals(150, reconnectDelay(0, 150, SseReconnect(), Random(1)))
    }

    @Test
    fun consecutiveFailuresDoubleTheWaitUpToTheCap() {
        val delays = (1..8).map { reconnectDelay(it, 1_000, noJitter, Random(1)) }
        assertEquals(listOf(2_000L, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000), delays)
    }

    @Test
    fun aServerRetryLargerThanTheCapStillWins() {
        assertEquals(60_000, reconnectDelay(5, 60_000, noJitter, Random(1)))
    }

    @Test
    fun hugeFailureCountsDoNotOverflow() {
        assertEquals(30_000, reconnectDelay(1_000, 1_000, noJitter, Random(1)))
        assertEquals(30_000, reconnectDelay(63, 1_000, noJitter, Random(1)))
        assertEquals(Long.MAX_VALUE / 4, reconnectDelay(40, Long.MAX_VALUE / 4, noJitter, Random(1)))
    }

    @Test
    fun jitterTakesOffAtMostItsFraction() {
        val policy = SseReconnect(jitter = 0.5, maxDelayMillis = 100_000)
        val random = Random(42)
        val delays = (1..200).map { reconnectDelay(3, 1_000, policy, random) }
        assertTrue(delays.all { it in 4_000..8_000 }, "all within [4000, 8000]: ${delays.minOrNull()}..${delays.maxOrNull()}")
        assertTrue(delays.toSet().size > 50, "jitter spreads the delays")
    }

    @Test
    fun retryAfterIsAFloorUpToTheCap() {
        assertEquals(5_000, reconnectDelay(1, 100, noJitter, Random(1), retryAfterMillis = 5_000))
        assertEquals(30_000, reconnectDelay(1, 100, noJitter, Random(1), retryAfterMillis = 3_600_000))
    }
}
