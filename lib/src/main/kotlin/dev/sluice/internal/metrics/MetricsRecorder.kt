package dev.sluice.internal.metrics

import dev.sluice.metrics.MetricsListener
import dev.sluice.metrics.StreamMetrics
import java.time.Duration

/** A monotonic nanosecond clock; tests pass a fake. */
internal fun interface NanoClock {
    fun nanoTime(): Long
}

internal val SystemNanoClock: NanoClock = NanoClock { System.nanoTime() }

/**
 * Measures one stream. The pipeline calls, in order: [requestStarted] per attempt,
 * [responseHeaders], then [bytesRead] / [tokenDelta] / [usage] as data arrives, and [finished]
 * once at the end (normal or not). [snapshot] may be called from any thread at any time.
 * The listener is called outside the lock, on the caller's thread.
 *
 * Only nanoseconds are kept: a [Duration] (Android API 26, or desugaring) is made only to call a
 * listener, so an app on an older Android without desugaring can stream without one.
 */
internal class MetricsRecorder(
    private val listener: MetricsListener? = null,
    private val clock: NanoClock = SystemNanoClock,
) {
    private val lock = Any()
    private var startNanos: Long? = null
    private var attempts = 0
    private var firstByteAt: Long? = null
    private var firstTokenAt: Long? = null
    /** When the last token arrived; meaningful once [tokenDeltas] > 0 (a primitive: no box per token). */
    private var lastTokenAt = 0L
    private var tokenDeltas = 0L
    private var usageOutputTokens: Long? = null
    private var gaps = LongArray(64)
    private var gapCount = 0
    private var bytes = 0L
    private var requestId: String? = null
    private var skippedEvents = 0
    private var resumptions = 0
    private var result: StreamMetrics? = null

    /** An attempt starts: the first marks time zero, later ones count as retries. */
    fun requestStarted() {
        val retry = synchronized(lock) {
            val now = clock.nanoTime()
            if (startNanos == null) startNanos = now
            attempts++
            attempts - 1
        }
        if (retry > 0) listener?.onRetry(retry)
    }

    /** The response's headers arrived; [lookup] finds a header by case-insensitive name. */
    fun responseHeaders(lookup: (String) -> String?) {
        val id = lookup("x-request-id")?.takeIf { it.isNotBlank() } ?: lookup("request-id")?.takeIf { it.isNotBlank() }
        val first = synchronized(lock) {
            if (id != null) requestId = id
            markFirstByte()
        }
        if (first != null) listener?.onFirstByte(Duration.ofNanos(first))
    }

    /** As the other overload, from a header map whose names may be in any case. */
    fun responseHeaders(headers: Map<String, List<String>>) {
        responseHeaders { name -> headers.entries.firstOrNull { it.key.equals(name, ignoreCase = true) }?.value?.firstOrNull() }
    }

    /** [n] body bytes were read. */
    fun bytesRead(n: Long) {
        require(n >= 0) { "bytes read must not be negative, was $n" }
        if (n == 0L) return
        val first = synchronized(lock) {
            bytes += n
            markFirstByte()
        }
        if (first != null) listener?.onFirstByte(Duration.ofNanos(first))
    }

    /** A content delta (text, reasoning, refusal, tool-call arguments) arrived. */
    fun tokenDelta() {
        var isFirst = false
        val gap = synchronized(lock) {
            val now = clock.nanoTime()
            val start = startedAt(now)
            val previous = lastTokenAt
            val first = tokenDeltas == 0L
            tokenDeltas++
            lastTokenAt = now
            if (first) {
                isFirst = true
                firstTokenAt = now - start
                now - start
            } else {
                addGap(now - previous)
                now - previous
            }
        }
        val l = listener ?: return
        if (isFirst) l.onFirstToken(Duration.ofNanos(gap))
        l.onToken(Duration.ofNanos(gap))
    }

    /** A lenient decoder skipped an event that broke the format, for [reason]. */
    fun skippedEvent(reason: String) {
        synchronized(lock) { skippedEvents++ }
        listener?.onSkippedEvent(reason)
    }

    /** A dropped stream is being resumed where it stopped (not a retry: nothing is sent twice). */
    fun resumed() {
        synchronized(lock) { resumptions++ }
    }

    /** The provider reported [outputTokens] output tokens; a later report replaces an earlier one. */
    fun usage(outputTokens: Long) {
        synchronized(lock) { usageOutputTokens = outputTokens }
    }

    /**
     * The stream ended; [completed] is false after an error or a cancellation. Returns the final
     * metrics and tells the listener, once: later calls return the same metrics.
     */
    fun finished(completed: Boolean = true): StreamMetrics {
        val metrics = synchronized(lock) {
            result?.let { return it }
            build(completed).also { result = it }
        }
        listener?.onComplete(metrics)
        return metrics
    }

    /** The metrics so far (total duration up to now), or the final ones once finished. */
    fun snapshot(): StreamMetrics = synchronized(lock) { result ?: build(completed = false) }

    private fun startedAt(now: Long): Long = startNanos ?: now.also { startNanos = it }

    /** Under the lock: records the first byte; returns its delay in nanoseconds the first time only. */
    private fun markFirstByte(): Long? {
        if (firstByteAt != null) return null
        val now = clock.nanoTime()
        val delay = now - startedAt(now)
        firstByteAt = delay
        return delay
    }

    private fun addGap(nanos: Long) {
        if (gapCount == gaps.size) gaps = gaps.copyOf(gaps.size * 2)
        gaps[gapCount++] = nanos
    }

    private fun build(completed: Boolean): StreamMetrics {
        val now = clock.nanoTime()
        val sorted = gaps.copyOf(gapCount).also { it.sort() }
        return StreamMetrics(
            firstByteNanos = firstByteAt,
            firstTokenNanos = firstTokenAt,
            totalNanos = now - startedAt(now),
            tokenDeltas = tokenDeltas,
            usageOutputTokens = usageOutputTokens,
            sortedGapNanos = sorted,
            bytesRead = bytes,
            retries = (attempts - 1).coerceAtLeast(0),
            requestId = requestId,
            isCompleted = completed,
            skippedEvents = skippedEvents,
            resumptions = resumptions,
        )
    }
}
