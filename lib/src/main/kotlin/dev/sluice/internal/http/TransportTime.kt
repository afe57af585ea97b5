package dev.sluice.internal.http

import kotlinx.coroutines.delay
import kotlin.random.Random
import kotlin.time.Duration

/**
 * The clocks, waits and randomness that retries and timeouts use, in one place so that tests can
 * run them in virtual time: [nanoTime] is monotonic (the watchdog), [wallMillis] reads HTTP dates
 * (`Retry-After`), [sleep] waits between attempts, [jitter] gives a fraction in 0..1 for backoff.
 */
internal class TransportTime(
    val nanoTime: () -> Long = { System.nanoTime() },
    val wallMillis: () -> Long = { System.currentTimeMillis() },
    val sleep: suspend (Duration) -> Unit = { delay(it) },
    val jitter: () -> Double = { Random.nextDouble() },
) {
    companion object {
        val SYSTEM: TransportTime = TransportTime()
    }
}
