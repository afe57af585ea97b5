package dev.sluice.internal.testkit

import java.util.concurrent.atomic.AtomicInteger

/** Counts response bodies being written and those cut short because the client went away. */
internal class StreamCounters {
    private val active = AtomicInteger()
    private val disconnects = AtomicInteger()
    private val lock = Object()

    fun active(): Int = active.get()

    fun clientDisconnects(): Int = disconnects.get()

    fun started() {
        active.incrementAndGet()
    }

    fun ended(clientGone: Boolean) {
        if (clientGone) disconnects.incrementAndGet()
        active.decrementAndGet()
        synchronized(lock) { lock.notifyAll() }
    }

    /** Waits until [expected] streams are active or [timeoutMillis] pass; the final check decides. */
    fun await(expected: Int, timeoutMillis: Long): Boolean {
        val deadline = System.nanoTime() + timeoutMillis * 1_000_000
        synchronized(lock) {
            while (active.get() != expected) {
                val left = (deadline - System.nanoTime()) / 1_000_000
                if (left <= 0) return false
                lock.wait(minOf(left, 50))
            }
        }
        return true
    }
}
