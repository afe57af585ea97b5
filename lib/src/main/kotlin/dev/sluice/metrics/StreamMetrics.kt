package dev.sluice.metrics

import java.time.Duration

/**
 * Timing and volume of one stream, measured with a monotonic clock from the start of its first
 * attempt. Values that never happened (no token arrived) are null.
 *
 * - [outputTokens] is the provider's reported output token count when the stream carried usage,
 *   else the number of content deltas ([tokenDeltas]), which is close for most providers (one
 *   delta per token) but can be lower (servers that batch tokens).
 * - [outputTokensPerSecond] is [outputTokens] divided by the time from the first token to the end
 *   of the stream: the generation speed, not counting the wait for the first token.
 * - Inter-token gaps are the times between consecutive content deltas; percentiles use the
 *   nearest-rank method.
 *
 * The [Duration] getters need Android API 26 or core library desugaring; the other values do not.
 */
public class StreamMetrics internal constructor(
    private val firstByteNanos: Long?,
    private val firstTokenNanos: Long?,
    private val totalNanos: Long,
    /** Content deltas seen (text, reasoning, refusal, tool-call arguments). */
    public val tokenDeltas: Long,
    /** Output tokens as reported by the provider's usage, or null when the stream had none. */
    public val usageOutputTokens: Long?,
    sortedGapNanos: LongArray,
    /** Response body bytes read, over all attempts. */
    public val bytesRead: Long,
    /** Attempts after the first. */
    public val retries: Int,
    /** The response's `x-request-id` (OpenAI) or `request-id` (Anthropic) header, or null. */
    public val requestId: String?,
    /** True when the stream reached its normal end; false after an error or a cancellation. */
    public val isCompleted: Boolean,
    /**
     * Wire events a lenient decoder skipped because they broke the provider's format (always 0
     * in strict mode, where such an event fails the stream instead).
     */
    public val skippedEvents: Int = 0,
    /**
     * How many times a dropped stream was resumed where it stopped (OpenAI Responses background
     * mode); 0 for every other call.
     */
    public val resumptions: Int = 0,
) {
    private val gapCount: Int = sortedGapNanos.size
    private val gapSum: Long = sortedGapNanos.sum()
    private val gapMax: Long? = sortedGapNanos.lastOrNull()
    private val gapP50: Long? = percentile(sortedGapNanos, 50)
    private val gapP95: Long? = percentile(sortedGapNanos, 95)

    /** From the request's start to the response's first byte (status and headers). */
    public val timeToFirstByte: Duration? get() = firstByteNanos?.let(Duration::ofNanos)

    /** From the request's start to the first content delta. */
    public val timeToFirstToken: Duration? get() = firstTokenNanos?.let(Duration::ofNanos)

    /** From the request's start to the end of the stream (or to now, for a live snapshot). */
    public val totalDuration: Duration get() = Duration.ofNanos(totalNanos)

    /** [usageOutputTokens] when known, else [tokenDeltas]. */
    public val outputTokens: Long get() = usageOutputTokens ?: tokenDeltas

    /** Output tokens per second after the first token; null without tokens or elapsed time. */
    public val outputTokensPerSecond: Double?
        get() {
            val first = firstTokenNanos ?: return null
            val window = totalNanos - first
            return if (window <= 0 || outputTokens == 0L) null else outputTokens * 1e9 / window
        }

    /** Number of gaps between content deltas (deltas minus one, or zero). */
    public val interTokenGapCount: Int get() = gapCount

    public val meanInterTokenGap: Duration? get() = if (gapCount == 0) null else Duration.ofNanos(gapSum / gapCount)

    public val maxInterTokenGap: Duration? get() = gapMax?.let(Duration::ofNanos)

    public val p50InterTokenGap: Duration? get() = gapP50?.let(Duration::ofNanos)

    public val p95InterTokenGap: Duration? get() = gapP95?.let(Duration::ofNanos)

    override fun equals(other: Any?): Boolean =
        other is StreamMetrics && other.firstByteNanos == firstByteNanos && other.firstTokenNanos == firstTokenNanos &&
            other.totalNanos == totalNanos && other.tokenDeltas == tokenDeltas &&
            other.usageOutputTokens == usageOutputTokens && other.gapCount == gapCount && other.gapSum == gapSum &&
            other.gapMax == gapMax && other.gapP50 == gapP50 && other.gapP95 == gapP95 &&
            other.bytesRead == bytesRead && other.retries == retries && other.requestId == requestId &&
            other.isCompleted == isCompleted && other.skippedEvents == skippedEvents && other.resumptions == resumptions

    override fun hashCode(): Int =
        listOf(firstByteNanos, firstTokenNanos, totalNanos, tokenDeltas, usageOutputTokens, gapSum, bytesRead, requestId)
            .hashCode() * 31 + retries * 17 + skippedEvents

    override fun toString(): String = buildString {
        append("StreamMetrics(")
        append("timeToFirstByte=").append(ms(firstByteNanos))
        append(", timeToFirstToken=").append(ms(firstTokenNanos))
        append(", outputTokens=").append(outputTokens).append(if (usageOutputTokens != null) " (usage)" else " (deltas)")
        append(", tokensPerSecond=").append(outputTokensPerSecond?.let { "%.1f".format(java.util.Locale.ROOT, it) })
        append(", gaps=").append(gapCount)
        if (gapCount > 0) {
            append(" mean=").append(ms(gapSum / gapCount)).append(" p50=").append(ms(gapP50))
            append(" p95=").append(ms(gapP95)).append(" max=").append(ms(gapMax))
        }
        append(", bytesRead=").append(bytesRead)
        append(", retries=").append(retries)
        if (resumptions > 0) append(", resumptions=").append(resumptions)
        if (skippedEvents > 0) append(", skippedEvents=").append(skippedEvents)
        append(", requestId=").append(requestId)
        append(", total=").append(ms(totalNanos))
        append(if (isCompleted) ", completed" else ", not completed")
        append(')')
    }

    /** Milliseconds with one decimal, from nanoseconds (no java.time: toString works on any Android). */
    private fun ms(nanos: Long?): String =
        if (nanos == null) "null" else "%.1fms".format(java.util.Locale.ROOT, nanos / 1e6)

    /** Nearest-rank percentile of sorted values, or null when empty. */
    private fun percentile(sorted: LongArray, p: Int): Long? {
        if (sorted.isEmpty()) return null
        val rank = Math.ceil(p / 100.0 * sorted.size).toInt().coerceIn(1, sorted.size)
        return sorted[rank - 1]
    }
}
