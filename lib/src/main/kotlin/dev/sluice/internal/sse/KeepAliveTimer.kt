package dev.sluice.internal.sse

import java.util.concurrent.Executors
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.ScheduledFuture
import java.util.concurrent.ThreadFactory
import java.util.concurrent.TimeUnit

/**
 * Calls [tick] when nothing was written for [intervalNanos]: one task at a time is scheduled on
 * [scheduler], at the moment the interval since the last write ([touch]) runs out, so a busy
 * stream costs one wake-up per interval and no comment. [stop] cancels the task and, when the
 * scheduler is our own, shuts it down: nothing stays behind a closed writer.
 */
internal class KeepAliveTimer(
    private val intervalNanos: Long,
    scheduler: ScheduledExecutorService?,
    private val nanoTime: () -> Long,
    private val tick: () -> Unit,
) : Runnable {
    private val ownsScheduler = scheduler == null
    private val scheduler: ScheduledExecutorService = scheduler ?: Executors.newSingleThreadScheduledExecutor(DaemonThreads)

    @Volatile
    private var lastWrite: Long = nanoTime()

    // Guarded by this.
    private var future: ScheduledFuture<*>? = null
    private var stopped = false

    init {
        require(intervalNanos > 0) { "the keep-alive interval must be positive" }
    }

    fun start() = schedule(intervalNanos)

    /** A frame was written now. */
    fun touch() {
        lastWrite = nanoTime()
    }

    /** Nanoseconds since the last frame. */
    fun idleNanos(): Long = nanoTime() - lastWrite

    override fun run() {
        if (isStopped()) return
        if (idleNanos() >= intervalNanos) tick()
        val idle = idleNanos()
        schedule(if (idle >= intervalNanos || idle < 0) intervalNanos else intervalNanos - idle)
    }

    fun stop() {
        synchronized(this) {
            if (stopped) return
            stopped = true
            future?.cancel(false)
            future = null
        }
        if (ownsScheduler) scheduler.shutdownNow()
    }

    private fun isStopped(): Boolean = synchronized(this) { stopped }

    /** Schedules the next check; a scheduler that was shut down under us ends the keep-alives. */
    private fun schedule(delayNanos: Long) = synchronized(this) {
        if (stopped) return@synchronized
        try {
            future = scheduler.schedule(this, delayNanos, TimeUnit.NANOSECONDS)
        } catch (e: RejectedExecutionException) {
            stopped = true
        }
    }

    private object DaemonThreads : ThreadFactory {
        override fun newThread(r: Runnable): Thread = Thread(r, "sluice-sse-keepalive").apply { isDaemon = true }
    }
}

/** A keep-alive interval in nanoseconds; it must be positive (a huge one saturates). */
internal fun keepAliveNanos(interval: java.time.Duration): Long {
    require(!interval.isNegative && !interval.isZero) { "the keep-alive interval must be positive, was $interval" }
    return try {
        interval.toNanos()
    } catch (e: ArithmeticException) {
        Long.MAX_VALUE
    }
}
