package dev.sluice.llm.request

import java.net.URI
import java.net.URISyntaxException

/** What toString and error messages may show of headers and URLs: never a secret. */
internal object Redaction {
    const val REDACTED: String = "[redacted]"
    private val SENSITIVE_NAME_PARTS = listOf(
        "auth", "key", "token", "secret", "cookie", "session", "signature", "password", "credential",
    )

    /** Headers whose name suggests a credential, or whose value holds the key, are redacted. */
    fun isSensitive(name: String, value: String, key: ApiKey?): Boolean {
        val lower = name.lowercase()
        return SENSITIVE_NAME_PARTS.any { it in lower } || (key != null && key.reveal() in value)
    }

    fun headers(headers: Map<String, String>, key: ApiKey?): String =
        headers.entries.joinToString(", ", "{", "}") { (name, value) ->
            "$name=" + if (isSensitive(name, value, key)) REDACTED else value
        }

    /** A URL without user info or query values, which may carry credentials. */
    fun url(url: String): String {
        val uri = try {
            URI(url)
        } catch (e: URISyntaxException) {
            return REDACTED
        }
        if (uri.rawAuthority == null) return REDACTED
        return buildString {
            if (uri.scheme != null) append(uri.scheme).append("://")
            if (uri.rawUserInfo != null) append(REDACTED).append('@')
            append(uri.host ?: REDACTED)
            if (uri.port != -1) append(':').append(uri.port)
            if (uri.rawPath != null) append(uri.rawPath)
            if (uri.rawQuery != null) append('?').append(REDACTED)
        }
    }
}
