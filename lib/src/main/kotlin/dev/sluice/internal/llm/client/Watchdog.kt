package dev.sluice.internal.llm.client

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.cancel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch

/** Which timeout fired. */
internal class FiredTimeout(val isIdle: Boolean, val millis: Long)

/**
 * The idle and total timeouts of one call: [guard] runs the call in a scope that a watcher
 * coroutine cancels when no [touch] came for [idleMillis], or [totalMillis] passed since the
 * guard began; [fired] then says which. `0` disables a timeout. Activity is a volatile
 * timestamp, so touching costs no allocation and no lock.
 */
internal class Watchdog(private val idleMillis: Long, private val totalMillis: Long) {
    @Volatile
    private var lastActivity = System.nanoTime()

    @Volatile
    var fired: FiredTimeout? = null
        private set

    fun touch() {
        if (idleMillis > 0) lastActivity = System.nanoTime()
    }

    suspend fun <R> guard(block: suspend () -> R): R {
        if (idleMillis <= 0 && totalMillis <= 0) return block()
        val start = System.nanoTime()
        lastActivity = start
        return coroutineScope {
            val watcher = launch { watch(this@coroutineScope, start) }
            try {
                block()
            } finally {
                watcher.cancel()
            }
        }
    }

    private suspend fun watch(scope: CoroutineScope, start: Long) {
        while (true) {
            val now = System.nanoTime()
            val idleLeft = if (idleMillis > 0) lastActivity + idleMillis * NANOS_PER_MILLI - now else Long.MAX_VALUE
            val totalLeft = if (totalMillis > 0) start + totalMillis * NANOS_PER_MILLI - now else Long.MAX_VALUE
            if (totalLeft <= 0 || idleLeft <= 0) {
                fired = if (totalLeft <= 0) FiredTimeout(false, totalMillis) else FiredTimeout(true, idleMillis)
                scope.cancel("LLM call timed out")
                return
            }
            delay((minOf(idleLeft, totalLeft) + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI)
        }
    }
}

private const val NANOS_PER_MILLI = 1_000_000L
