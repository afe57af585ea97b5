package dev.sluice.internal.http

import dev.sluice.http.TimeoutLimit
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** The watchdog in virtual time: each limit fires exactly when due, and names itself. */
class StreamWatchdogTest {
    private class Fired(val limit: TimeoutLimit, val timeout: Duration) : RuntimeException("$limit after $timeout")

    private fun TestScope.watchdog(
        firstEvent: Duration = Duration.INFINITE,
        idle: Duration = Duration.INFINITE,
        total: Duration = Duration.INFINITE,
        first: TimeoutLimit = TimeoutLimit.FIRST_BYTE,
    ) = StreamWatchdog(
        StreamTimeouts(10.seconds, firstEvent, idle, total),
        first,
        TransportTime(nanoTime = { testScheduler.currentTime * 1_000_000 }),
    )

    private suspend fun StreamWatchdog.run(block: suspend StreamWatchdog.() -> Unit) =
        guard({ limit, timeout -> Fired(limit, timeout) }) { block() }

    @Test
    fun firstEventLimitFiresWhenNothingArrives() = runTest {
        val dog = watchdog(firstEvent = 10.minutes, idle = 5.minutes, first = TimeoutLimit.FIRST_TOKEN)
        val e = assertFailsWith<Fired> {
            dog.run {
                attemptStarted()
                repeat(100) {
                    delay(30.seconds)
                    touch(10) // keep-alives do not stand for the first token
                }
            }
        }
        assertEquals(TimeoutLimit.FIRST_TOKEN, e.limit)
        assertEquals(10.minutes, e.timeout)
        assertEquals(10.minutes.inWholeMilliseconds, currentTime)
    }

    @Test
    fun onceTheStreamStartedTheIdleLimitRunsFromTheLastRead() = runTest {
        val dog = watchdog(firstEvent = 10.minutes, idle = 300.milliseconds)
        val e = assertFailsWith<Fired> {
            dog.run {
                attemptStarted()
                delay(2.seconds)
                touch(5)
                bodyStarted()
                repeat(5) {
                    delay(250.milliseconds)
                    touch(5)
                }
                awaitCancellation()
            }
        }
        assertEquals(TimeoutLimit.IDLE, e.limit)
        assertEquals(2_000 + 5 * 250 + 300L, currentTime)
        assertEquals(30, dog.bytesRead)
    }

    @Test
    fun theConsumersTimeIsNotIdleTime() = runTest {
        val dog = watchdog(idle = 300.milliseconds)
        dog.run {
            attemptStarted()
            touch(1)
            bodyStarted()
            pause()
            delay(5.seconds) // a slow subscriber
            resume()
            delay(200.milliseconds)
            touch(1)
        }
        assertEquals(5_200, currentTime)
    }

    @Test
    fun anEventHandedOverInsideAReadLeavesTheClockToTheReadsResume() = runTest {
        var clockReads = 0
        val dog = StreamWatchdog(
            StreamTimeouts(10.seconds, Duration.INFINITE, 300.milliseconds, Duration.INFINITE),
            TimeoutLimit.FIRST_BYTE,
            TransportTime(nanoTime = { clockReads++; testScheduler.currentTime * 1_000_000 }),
        )
        dog.run {
            attemptStarted()
            touch(1)
            bodyStarted()
            pause() // the read is handed over
            pause() // an event of it is handed over
            delay(2.seconds)
            val before = clockReads
            resume() // the event is done: the read's hand-over still holds
            assertEquals(before, clockReads, "an inner resume read the clock")
            delay(2.seconds) // still the consumer's time, not idle
            val beforeOuter = clockReads
            resume()
            assertEquals(beforeOuter + 1, clockReads, "the outer resume must restart the idle clock")
            delay(200.milliseconds)
            touch(1)
        }
        assertEquals(4_200, currentTime)
    }

    @Test
    fun totalCoversAttemptsAndTheWaitsBetweenThem() = runTest {
        val dog = watchdog(firstEvent = 1.seconds, total = 3.seconds)
        val e = assertFailsWith<Fired> {
            dog.run {
                repeat(10) {
                    attemptStarted()
                    delay(900.milliseconds)
                    betweenAttempts()
                    delay(500.milliseconds) // only the total runs while waiting to retry
                }
            }
        }
        assertEquals(TimeoutLimit.TOTAL, e.limit)
        assertEquals(3.seconds, e.timeout)
        assertEquals(3_000, currentTime)
    }

    @Test
    fun aPhaseChangeWakesTheWatcherForAnEarlierDeadline() = runTest {
        val dog = watchdog(firstEvent = 10.minutes, idle = 1.seconds)
        val e = assertFailsWith<Fired> {
            dog.run {
                attemptStarted()
                delay(100.milliseconds)
                touch(1)
                bodyStarted()
                awaitCancellation()
            }
        }
        assertEquals(TimeoutLimit.IDLE, e.limit)
        assertEquals(1_100, currentTime, "not at the 10-minute first-byte deadline the watcher slept towards")
    }

    @Test
    fun withoutLimitsTheBlockRunsAsIs() = runTest {
        val dog = watchdog()
        assertEquals(42, dog.guard({ _, _ -> IllegalStateException() }) { delay(1.minutes); 42 })
    }
}
