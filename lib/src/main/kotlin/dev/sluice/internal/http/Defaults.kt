package dev.sluice.internal.http

import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

internal const val DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000L
internal const val DEFAULT_MAX_CONNECTIONS = 10_000

/** RetryPolicy: 2 retries, backoff from 0.5 s up to 8 s, a server's delay honoured up to 60 s. */
internal const val DEFAULT_MAX_RETRIES = 2
internal val DEFAULT_BASE_DELAY: Duration = 500.milliseconds
internal val DEFAULT_MAX_DELAY: Duration = 8.seconds
internal val DEFAULT_MAX_RETRY_AFTER: Duration = 60.seconds

/** SseReconnect: 10 failed reconnections in a row, 3 s without a server `retry`, backoff up to 30 s. */
internal const val DEFAULT_RECONNECT_ATTEMPTS = 10
internal val DEFAULT_RECONNECT_RETRY: Duration = 3.seconds
internal val DEFAULT_RECONNECT_MAX_DELAY: Duration = 30.seconds

internal const val BODY_OPEN = 0
internal const val BODY_READ = 1
internal const val BODY_CLOSED = 2
internal const val READ_BUFFER_BYTES = 8192

internal fun checkHeader(name: String, value: String) {
    require(name.isNotEmpty() && name.none { it <= ' ' || it == ':' || it.code >= 127 }) {
        "invalid header name '$name'"
    }
    require(value.none { it == '\r' || it == '\n' || it == '\u0000' }) {
        "header '$name' has a line break or NUL in its value"
    }
}

internal fun describeStatusError(status: Int, method: String, url: String, excerpt: String, truncated: Boolean): String {
    val shown = excerpt.replace(Regex("\\s+"), " ").trim()
    val body = when {
        shown.isEmpty() -> "empty body"
        shown.length > MESSAGE_EXCERPT_CHARS -> "body: " + shown.take(MESSAGE_EXCERPT_CHARS) + "..."
        truncated -> "body: $shown..."
        else -> "body: $shown"
    }
    return "$method $url answered HTTP $status ($body)"
}

private const val MESSAGE_EXCERPT_CHARS = 300

/** The first value of header [name] in [headers], compared case-insensitively; `null` if absent. */
internal fun firstHeader(headers: Map<String, List<String>>, name: String): String? =
    headers.entries.firstOrNull { it.key.equals(name, ignoreCase = true) }?.value?.firstOrNull()
