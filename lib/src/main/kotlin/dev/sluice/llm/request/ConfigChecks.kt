package dev.sluice.llm.request

import dev.sluice.internal.secrets.Redaction
import java.net.URI
import java.net.URISyntaxException

/** Checks of what a [ProviderConfig] is built from: header names and values, base URLs. */
internal object ConfigChecks {
    private const val SEPARATORS = "\"(),/:;<=>?@[\\]{}"

    /** Names must be HTTP tokens; values must not hold a line break or NUL (never echoed: it may be a credential). */
    fun checkHeader(name: String, value: String) {
        require(name.isNotEmpty()) { "header name is empty" }
        for ((i, c) in name.withIndex()) {
            val token = c.code in 33..126 && SEPARATORS.indexOf(c) < 0
            require(token) { "header name '$name' has an invalid character at $i" }
        }
        require(value.none { it == '\r' || it == '\n' || it == '\u0000' }) {
            "value of header '$name' contains a line break or NUL"
        }
    }

    /** Absolute http(s), no fragment, trailing slashes removed; the query is kept. */
    fun normalizeBaseUrl(url: String, source: String): String {
        val uri = try {
            URI(Names.trim(url))
        } catch (e: URISyntaxException) {
            throw LlmRequestException("base URL from $source is not a URL: ${Redaction.url(url)} (${e.reason})")
        }
        val scheme = uri.scheme?.lowercase()
        if (scheme != "http" && scheme != "https" || uri.host == null) {
            throw LlmRequestException("base URL from $source must be an absolute http or https URL, was ${Redaction.url(url)}")
        }
        if (uri.rawFragment != null) {
            throw LlmRequestException("base URL from $source must not have a fragment: ${Redaction.url(url)}")
        }
        val path = (uri.rawPath ?: "").trimEnd('/')
        return buildString {
            append(scheme).append("://").append(uri.rawAuthority).append(path)
            if (uri.rawQuery != null) append('?').append(uri.rawQuery)
        }
    }
}
