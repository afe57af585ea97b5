package dev.sluice.internal.sse

import dev.sluice.sse.SseEvent

// Writing Server-Sent Events (WHATWG HTML 9.2.6, read backwards). A frame is field lines ended by
// LF, then one empty line. Every value is written as `name: value` (one space, which the decoder
// strips, so a value's own leading spaces survive) or `name:` when empty. Data and comments are
// split on CR, LF and CRLF, one line each: the decoder joins data lines with LF and drops the
// last LF, so data comes back exactly, but for CR and CRLF, which come back as LF.

/** The frame's text: comment lines, `event`, `id`, `retry`, data lines, then the empty line. */
internal fun frameText(event: SseEvent): String {
    val sb = StringBuilder(16 + (event.data?.length ?: 0) + (event.comment?.length ?: 0))
    event.comment?.let { appendLines(sb, "", it) }
    event.type?.let { appendField(sb, "event", it) }
    event.id?.let { appendField(sb, "id", it) }
    event.retryMillis?.let { sb.append("retry: ").append(it).append('\n') }
    event.data?.let { appendLines(sb, "data", it) }
    sb.append('\n')
    return sb.toString()
}

/**
 * The frame as UTF-8 bytes. An unpaired surrogate (not a code point, so not encodable) is written
 * as `?`, as the JDK's encoder does.
 */
internal fun frameBytes(event: SseEvent): ByteArray = frameText(event).toByteArray(Charsets.UTF_8)

private fun appendField(sb: StringBuilder, name: String, value: String) {
    sb.append(name).append(':')
    if (value.isNotEmpty()) sb.append(' ').append(value)
    sb.append('\n')
}

/** One `name: line` per line of [text]; a trailing line break gives a last empty line. */
private fun appendLines(sb: StringBuilder, name: String, text: String) {
    var start = 0
    var i = 0
    while (i < text.length) {
        val c = text[i]
        if (c == '\r' || c == '\n') {
            appendField(sb, name, text.substring(start, i))
            if (c == '\r' && i + 1 < text.length && text[i + 1] == '\n') i++
            start = i + 1
        }
        i++
    }
    appendField(sb, name, text.substring(start))
}

/**
 * Rejects CR, LF and NUL in a single-line field: a line break would end the field and let the
 * rest inject fields or events, and the decoder ignores an `id` holding NUL.
 */
internal fun checkSseField(field: String, value: String?) {
    if (value == null) return
    for (i in value.indices) {
        val name = when (value[i]) {
            '\r' -> "carriage return (U+000D)"
            '\n' -> "line feed (U+000A)"
            '\u0000' -> "NUL (U+0000)"
            else -> continue
        }
        throw IllegalArgumentException(
            "SSE $field must not contain CR, LF or NUL: found a $name at index $i of ${excerpt(value)}",
        )
    }
}

internal fun checkSseRetry(retryMillis: Long?) {
    require(retryMillis == null || retryMillis >= 0) { "SSE retry must not be negative, was $retryMillis ms" }
}

private fun excerpt(value: String): String {
    val shown = if (value.length > 40) value.substring(0, 40) + "..." else value
    return "\"" + shown.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0") + "\""
}
