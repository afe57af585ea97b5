package dev.sluice.internal.http

internal const val DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000L
internal const val DEFAULT_MAX_CONNECTIONS = 10_000

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
