package dev.sluice.internal.http

import dev.sluice.http.TimeoutLimit
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.cancel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.time.Duration

/**
 * The timeouts of one stream, for plain HTTP, SSE and LLM calls alike. [guard] runs the whole call
 * (every attempt, and the waits between them) under a watcher coroutine that cancels it when a
 * limit passes, then throws what `timeoutError` makes of it.
 *
 * Phases, driven by the caller: [attemptStarted] (request sent: the first-event limit runs),
 * [firstEventArrived] (the first body byte, or for LLM calls the first token: the idle limit runs
 * from then, and every [touch] restarts it), [betweenAttempts] (only the total runs). Time spent
 * in the consumer ([pause] .. [resume]) is not idle time: a slow subscriber is not a stalled
 * server. Activity is a volatile timestamp, so reading costs no allocation and no lock; the
 * watcher wakes once per limit period, or when a phase starts.
 */
internal class StreamWatchdog(
    timeouts: StreamTimeouts,
    private val firstEventLimit: TimeoutLimit,
    private val time: TransportTime = TransportTime.SYSTEM,
) {
    private val firstEvent = timeouts.firstEvent
    private val idle = timeouts.idle
    private val total = timeouts.total
    private val firstEventNanos = nanosOrZero(firstEvent)
    private val idleNanos = nanosOrZero(idle)
    private val totalNanos = nanosOrZero(total)
    private val active = firstEventNanos > 0 || idleNanos > 0 || totalNanos > 0

    @Volatile private var phase = BETWEEN
    @Volatile private var phaseStart = 0L
    @Volatile private var lastActivity = 0L
    @Volatile private var paused = 0
    @Volatile private var fired: TimeoutLimit? = null
    private val phases = MutableStateFlow(0)

    /** Body bytes read over all attempts. */
    @Volatile
    var bytesRead: Long = 0
        private set

    /** A request was sent: the first-event limit starts. */
    fun attemptStarted() = enter(FIRST)

    /** The first event arrived: from now on the idle limit applies. Later calls do nothing. */
    fun firstEventArrived() {
        if (phase == FIRST) {
            lastActivity = time.nanoTime()
            enter(STREAMING)
        }
    }

    /** Waiting before the next attempt: only the total limit runs. */
    fun betweenAttempts() = enter(BETWEEN)

    /** [count] bytes (possibly 0: headers) arrived: the idle limit starts over. */
    fun touch(count: Int) {
        bytesRead += count
        if (idleNanos > 0) lastActivity = time.nanoTime()
    }

    /** The first body bytes arrived; when the first event is the first byte, its limit is met. */
    fun bodyStarted() {
        if (firstEventLimit == TimeoutLimit.FIRST_BYTE) firstEventArrived()
    }

    /** The consumer has the stream: its time is not the server's silence. Pair with [resume]; they nest. */
    fun pause() {
        paused++
    }

    fun resume() {
        // Only the outermost resume restarts the idle clock (an event handed over inside a read's
        // hand-over leaves it to the read's), and before the watcher can see the pause end.
        if (paused == 1 && idleNanos > 0) lastActivity = time.nanoTime()
        paused--
    }

    /** Runs [block]; when a limit passes, cancels it and throws `timeoutError(limit, value)`. */
    suspend fun <R> guard(timeoutError: (TimeoutLimit, Duration) -> Throwable, block: suspend () -> R): R {
        if (!active) return block()
        val start = time.nanoTime()
        try {
            return coroutineScope {
                val watcher = launch { watch(this@coroutineScope, start) }
                try {
                    block()
                } finally {
                    watcher.cancel()
                }
            }
        } catch (e: Throwable) {
            // Cancelled by the watcher: whatever the block threw on its way out (a cancellation, or
            // an I/O error of the connection being torn down), the timeout is what happened.
            val limit = fired
            if (limit == null || e is Error || !currentCoroutineContext().isActive) throw e
            throw timeoutError(limit, valueOf(limit)).also { if (e !is CancellationException) it.addSuppressed(e) }
        }
    }

    private fun enter(next: Int) {
        phaseStart = time.nanoTime()
        phase = next
        phases.update { it + 1 }
    }

    /** Waits for a limit to pass, then records which one and cancels [scope]. */
    private suspend fun watch(scope: CoroutineScope, start: Long) {
        while (true) {
            val seen = phases.value
            val now = time.nanoTime()
            var left = if (totalNanos > 0) start + totalNanos - now else Long.MAX_VALUE
            var limit: TimeoutLimit? = if (totalNanos > 0) TimeoutLimit.TOTAL else null
            val (phaseLeft, phaseLimit) = phaseDeadline(now)
            if (phaseLimit != null && phaseLeft < left) {
                left = phaseLeft
                limit = phaseLimit
            }
            if (limit != null && left <= 0) {
                fired = limit
                scope.cancel("stream timed out: ${limit.settingName()}")
                return
            }
            val waitMillis = if (left == Long.MAX_VALUE) Long.MAX_VALUE else (left + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI
            withTimeoutOrNull(waitMillis) { phases.first { it != seen } }
        }
    }

    /** Nanoseconds left of the current phase's limit, and that limit (none: `MAX_VALUE to null`). */
    private fun phaseDeadline(now: Long): Pair<Long, TimeoutLimit?> {
        val current = phase
        val limitNanos = if (current == FIRST) firstEventNanos else if (current == STREAMING) idleNanos else 0
        if (limitNanos <= 0) return Long.MAX_VALUE to null
        val limit = if (current == FIRST) firstEventLimit else TimeoutLimit.IDLE
        // While the consumer holds the stream, look again one full period later.
        if (paused > 0) return limitNanos to limit
        val since = if (current == FIRST) phaseStart else lastActivity
        return since + limitNanos - now to limit
    }

    private fun valueOf(limit: TimeoutLimit): Duration = when (limit) {
        TimeoutLimit.TOTAL -> total
        TimeoutLimit.IDLE -> idle
        else -> firstEvent
    }
}

private fun nanosOrZero(timeout: Duration): Long = if (timeout.isInfinite()) 0 else timeout.inWholeNanoseconds

private const val BETWEEN = 0
private const val FIRST = 1
private const val STREAMING = 2
private const val NANOS_PER_MILLI = 1_000_000L
