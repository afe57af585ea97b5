package dev.sluice.internal.http

import dev.sluice.http.HttpStatusException
import dev.sluice.http.HttpTransportException
import dev.sluice.http.RetryPolicy
import dev.sluice.http.StreamTimeoutException
import dev.sluice.http.TimeoutLimit
import java.text.ParsePosition
import java.text.SimpleDateFormat
import java.util.Locale
import java.util.TimeZone
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** Statuses never retried, whatever the server's hints say. */
private val NEVER_RETRIED = setOf(400, 401, 403, 404, 422)
private val RETRIED = setOf(408, 409, 429, 500, 502, 503, 504, 529)

/** The status rule of [RetryPolicy]; [header] finds a response header by case-insensitive name. */
internal fun isRetryableStatus(status: Int, header: (String) -> String?, body: String): Boolean {
    if (status in NEVER_RETRIED) return false
    if (status == 429 && body.contains("insufficient_quota")) return false
    when (header("x-should-retry")?.trim()?.lowercase()) {
        "true" -> return true
        "false" -> return false
    }
    return status in RETRIED
}

/**
 * Whether [failure], raised before anything was delivered, is worth sending the request again
 * for: a connection that could not be opened or broke, a connect timeout, a retryable status.
 */
internal fun isRetryableFailure(failure: Throwable): Boolean = when (failure) {
    is HttpStatusException -> failure.isRetryable
    is HttpTransportException -> true
    is StreamTimeoutException -> failure.limit == TimeoutLimit.CONNECT
    else -> false
}

/**
 * The wait before retry number [retry] (1 for the first) after [failure], or `null` to give up:
 * no retries left, or the server asked for longer than [RetryPolicy.maxRetryAfter]. The server's
 * delay wins when it gave one; otherwise exponential backoff with full jitter.
 */
internal fun RetryPolicy.delayBeforeRetry(failure: Throwable, retry: Int, time: TransportTime): Duration? {
    if (retry > maxRetries) return null
    val server = (failure as? HttpStatusException)?.let { serverRetryDelay(it::header, time.wallMillis()) }
    if (server != null) return if (server > maxRetryAfter) null else server
    return backoffDelay(retry, baseDelay, maxDelay, time.jitter())
}

/** Full jitter: [fraction] (0..1) of min([cap], [base] * 2^([retry] - 1)). */
internal fun backoffDelay(retry: Int, base: Duration, cap: Duration, fraction: Double): Duration {
    val shift = (retry - 1).coerceIn(0, 30)
    val exponential = if (base > cap / (1L shl shift).toDouble()) cap else base * (1L shl shift).toDouble()
    return (exponential * fraction.coerceIn(0.0, 1.0)).coerceAtLeast(Duration.ZERO)
}

/**
 * The delay a server asked for: `retry-after-ms` (milliseconds, fractions allowed), else
 * `Retry-After` as seconds or as an HTTP date ([nowMillis] is the wall clock); `null` when there is
 * none or it cannot be read. A date in the past is zero.
 */
internal fun serverRetryDelay(header: (String) -> String?, nowMillis: Long): Duration? {
    header("retry-after-ms")?.trim()?.toDoubleOrNull()?.let { ms ->
        if (ms >= 0 && ms.isFinite()) return ms.milliseconds
    }
    val value = header("retry-after")?.trim()?.takeIf { it.isNotEmpty() } ?: return null
    value.toDoubleOrNull()?.let { s -> return if (s >= 0 && s.isFinite()) s.seconds else null }
    val date = parseHttpDate(value) ?: return null
    return (date - nowMillis).coerceAtLeast(0).milliseconds
}

/** Milliseconds since the epoch of an HTTP date (IMF-fixdate, RFC 850 or asctime), or `null`. */
internal fun parseHttpDate(value: String): Long? {
    val text = value.trim().replace(MULTIPLE_SPACES, " ") // asctime pads the day with a space
    for (pattern in HTTP_DATE_PATTERNS) {
        val format = SimpleDateFormat(pattern, Locale.US).apply {
            timeZone = TimeZone.getTimeZone("GMT")
            isLenient = false
        }
        val position = ParsePosition(0)
        val date = format.parse(text, position) ?: continue
        if (position.index == text.length) return date.time
    }
    return null
}

private val MULTIPLE_SPACES = Regex(" {2,}")
private val HTTP_DATE_PATTERNS = listOf("EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy")

/** ` (retry after 2s)` for an error message, or `""` when the server gave no delay. */
internal fun describeRetryAfter(delay: Duration?): String = if (delay == null) "" else " (retry after $delay)"
