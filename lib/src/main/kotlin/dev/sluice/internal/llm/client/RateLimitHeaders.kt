package dev.sluice.internal.llm.client

import dev.sluice.llm.RateLimit
import dev.sluice.llm.RateLimits
import dev.sluice.internal.http.parseHttpDate
import java.text.ParsePosition
import java.text.SimpleDateFormat
import java.time.Duration
import java.util.Locale
import java.util.TimeZone

/** Reads OpenAI's `x-ratelimit-*`, Anthropic's `anthropic-ratelimit-*` and `retry-after` headers. */
internal fun parseRateLimits(headers: Map<String, List<String>>): RateLimits {
    val lower = HashMap<String, String>()
    for ((name, values) in headers) values.firstOrNull()?.let { lower.putIfAbsent(name.lowercase(), it.trim()) }
    fun openAi(kind: String) = bucket(lower["x-ratelimit-limit-$kind"], lower["x-ratelimit-remaining-$kind"], lower["x-ratelimit-reset-$kind"])
    fun anthropic(kind: String) =
        bucket(lower["anthropic-ratelimit-$kind-limit"], lower["anthropic-ratelimit-$kind-remaining"], lower["anthropic-ratelimit-$kind-reset"])
    return RateLimits(
        requests = openAi("requests") ?: anthropic("requests"),
        tokens = openAi("tokens") ?: anthropic("tokens"),
        inputTokens = anthropic("input-tokens"),
        outputTokens = anthropic("output-tokens"),
        retryAfter = lower["retry-after-ms"]?.toDoubleOrNull()?.takeIf { it >= 0 }?.let { Duration.ofNanos((it * 1e6).toLong()) }
            ?: lower["retry-after"]?.let(::retryAfter),
    )
}

private fun bucket(limit: String?, remaining: String?, reset: String?): RateLimit? {
    if (limit == null && remaining == null && reset == null) return null
    return RateLimit(limit?.toLongOrNull(), remaining?.toLongOrNull(), reset, reset?.let(::goDuration), reset?.let(::instant))
}

/** `retry-after`: whole (or decimal) seconds, or an HTTP date turned into the wait from now. */
private fun retryAfter(value: String): Duration? {
    value.toDoubleOrNull()?.let { return if (it >= 0) Duration.ofMillis((it * 1000).toLong()) else null }
    val at = parseHttpDate(value) ?: return null
    return Duration.ofMillis((at - System.currentTimeMillis()).coerceAtLeast(0))
}

private val GO_PART = Regex("(\\d+(?:\\.\\d+)?)(ms|h|m|s)")

/** OpenAI's reset durations, Go-style: `1s`, `6m0s`, `20ms`, `1h2m3.5s`. */
private fun goDuration(value: String): Duration? {
    if (value.isEmpty()) return null
    var nanos = 0.0
    var at = 0
    while (at < value.length) {
        val m = GO_PART.matchAt(value, at) ?: return null
        val n = m.groupValues[1].toDouble()
        nanos += n * when (m.groupValues[2]) {
            "h" -> 3.6e12
            "m" -> 6e10
            "s" -> 1e9
            else -> 1e6
        }
        at = m.range.last + 1
    }
    return Duration.ofNanos(nanos.toLong())
}

/** An RFC 3339 time (`2026-01-01T00:00:30Z`, fractions and offsets allowed) in epoch milliseconds (no java.time: Android API 24). */
private fun instant(value: String): Long? {
    val text = value.replace(Regex("\\.\\d+"), "") // fractions of a second do not matter here
    for (pattern in listOf("yyyy-MM-dd'T'HH:mm:ssXXX", "yyyy-MM-dd'T'HH:mm:ssX")) {
        val format = SimpleDateFormat(pattern, Locale.US).apply { timeZone = TimeZone.getTimeZone("UTC"); isLenient = false }
        val position = ParsePosition(0)
        val date = format.parse(text, position) ?: continue
        if (position.index == text.length) return date.time
    }
    return null
}
