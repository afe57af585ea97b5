package dev.sluice.internal.testkit

import java.util.concurrent.atomic.AtomicInteger

/** Counts response bodies being written and those cut short because the client went away. */
internal class StreamCounters {
    private val active = AtomicInteger()
    private val disconnects = AtomicInteger()

    fun active(): Int = active.get()

    fun clientDisconnects(): Int = disconnects.get()

    fun started() {
        active.incrementAndGet()
    }

    fun ended(clientGone: Boolean) {
        if (clientGone) disconnects.incrementAndGet()
        active.decrementAndGet()
    }

    /** Polls until [expected] streams are active or [timeoutMillis] pass; the last check decides. */
    fun await(expected: Int, timeoutMillis: Long): Boolean {
        val deadline = System.nanoTime() + timeoutMillis * 1_000_000
        while (active.get() != expected) {
            if (System.nanoTime() - deadline >= 0) return active.get() == expected
            Thread.sleep(POLL_MILLIS)
        }
        return true
    }

    private companion object {
        const val POLL_MILLIS = 5L
    }
}
