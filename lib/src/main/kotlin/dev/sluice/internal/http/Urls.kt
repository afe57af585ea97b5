package dev.sluice.internal.http

import dev.sluice.internal.secrets.Redaction
import io.ktor.http.URLParserException
import io.ktor.http.Url

/**
 * An absolute http(s) URL for [url]: as is when absolute, else appended to [base] with exactly
 * one slash between them (so a base path like `/v1` is kept, unlike RFC 3986 resolution).
 * Errors show the URL with its credentials redacted, and not the parser's message (which quotes it whole).
 */
internal fun resolveUrl(base: String?, url: String): String {
    val absolute = when {
        hasScheme(url) -> url
        base == null -> throw IllegalArgumentException(
            "'${Redaction.url(url)}' is not an absolute http(s) URL and the client has no base URL",
        )
        url.isEmpty() -> base
        else -> base.trimEnd('/') + "/" + url.trimStart('/')
    }
    val scheme = absolute.substringBefore("://").lowercase()
    require(scheme == "http" || scheme == "https") { "unsupported URL scheme in '${Redaction.url(absolute)}': only http and https" }
    try {
        Url(absolute)
    } catch (e: URLParserException) {
        throw IllegalArgumentException("malformed URL '${Redaction.url(absolute)}'")
    }
    return absolute
}

private fun hasScheme(url: String): Boolean {
    val sep = url.indexOf("://")
    return sep > 0 && url.substring(0, sep).all { it.isLetterOrDigit() || it == '+' || it == '-' || it == '.' }
}
