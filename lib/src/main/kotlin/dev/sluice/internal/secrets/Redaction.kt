package dev.sluice.internal.secrets

import dev.sluice.llm.request.ApiKey

/**
 * What messages, `toString`s and the CLI may show of URLs, headers and free text: never a
 * credential. Every function is idempotent (redacting redacted text changes nothing) and total
 * (any string, however malformed, gives a safe string).
 */
internal object Redaction {
    const val REDACTED: String = "[redacted]"

    /** Header names containing one of these are credentials (the API key headers among them). */
    private val HEADER_NAME_PARTS = listOf(
        "auth", "key", "token", "secret", "cookie", "session", "signature", "password", "credential",
    )

    /** Query parameter names holding one of these words (split at punctuation and camelCase) are secrets. */
    private val SECRET_WORDS = setOf("key", "sig", "code", "pwd", "pass", "jwt", "auth", "session", "sid", "cookie")

    /** ... or containing one of these anywhere (`access_token`, `client_secret`, `X-Amz-Signature`, `apikey`). */
    private val SECRET_PARTS = listOf(
        "token", "secret", "passw", "signature", "apikey", "credential", "authorization", "accesskey", "privatekey",
    )

    /**
     * Whether a query parameter called [name] holds a secret; case-insensitive. In running text
     * ([inUrl] false: `name=value`, JSON pairs) `code` is not one: error bodies say `"code": "invalid_api_key"`.
     */
    fun isSecretName(name: String, inUrl: Boolean = true): Boolean {
        val decoded = percentDecode(name)
        val lower = decoded.lowercase()
        if (SECRET_PARTS.any { it in lower }) return true
        return words(decoded).any { it in SECRET_WORDS && (inUrl || it != "code") }
    }

    /** Whether a header called [name] is a credential. */
    fun isCredentialHeader(name: String): Boolean {
        val lower = name.lowercase()
        return HEADER_NAME_PARTS.any { it in lower } || isSecretName(name)
    }

    /** Headers whose name suggests a credential, or whose value holds the key, are redacted. */
    fun isSensitive(name: String, value: String, key: ApiKey?): Boolean =
        isCredentialHeader(name) || (key != null && key.reveal() in value)

    fun headers(headers: Map<String, String>, key: ApiKey?): String =
        headers.entries.joinToString(", ", "{", "}") { (name, value) ->
            "$name=" + if (isSensitive(name, value, key)) REDACTED else value
        }

    /**
     * [url] with its user info and the values of secret query (and fragment) parameters replaced
     * by `[redacted]`; scheme, host, port, path and the other parameters stay readable:
     * `https://host/v1/models/x:streamGenerateContent?alt=sse&key=[redacted]`. A string that is
     * not a valid URL is cut up the same way (scheme, authority up to the first `/`, `?` or `#`),
     * so whatever it is, no user info or secret parameter value survives.
     */
    fun url(url: String): String {
        val parts = UrlParts.split(url)
        return buildString {
            append(parts.prefix)
            if (parts.userInfo != null) append(REDACTED).append('@')
            append(parts.host)
            append(parts.path)
            if (parts.query != null) append('?').append(params(parts.query))
            if (parts.fragment != null) append('#').append(params(parts.fragment))
        }
    }

    /**
     * Free text (an exception message, a body excerpt) with every credential it visibly holds
     * redacted: URLs as [url] does, `name=value` and JSON `"name": "value"` pairs with a secret
     * name, `Authorization: ...` / `x-api-key: ...` header lines, and `Bearer` tokens.
     */
    fun text(text: String): String {
        if (text.isEmpty()) return text
        var out = URL_IN_TEXT.replace(text) { m ->
            val scheme = m.groups[1]!!.range.first - m.range.first
            m.value.substring(0, scheme) + url(m.value.substring(scheme))
        }
        out = HEADER_LINE.replace(out) { "${it.groupValues[1]}${it.groupValues[2]}$REDACTED" }
        out = BEARER.replace(out) { "${it.groupValues[1]} $REDACTED" }
        out = NAME_VALUE.replace(out) { m ->
            if (m.groupValues[2].isEmpty() || !isSecretName(m.groupValues[1], inUrl = false)) m.value else "${m.groupValues[1]}=$REDACTED"
        }
        out = JSON_PAIR.replace(out) { m ->
            if (!isSecretName(m.groupValues[1], inUrl = false) || m.groupValues[3] == REDACTED) m.value
            else "\"${m.groupValues[1]}\"${m.groupValues[2]}\"$REDACTED\""
        }
        return out
    }

    /** `a=1&key=x&b` with the values of secret names redacted (empty values stay empty). */
    private fun params(query: String): String = query.split('&').joinToString("&") { param ->
        val eq = param.indexOf('=')
        if (eq <= 0 || eq == param.length - 1 || !isSecretName(param.substring(0, eq))) param
        else param.substring(0, eq + 1) + REDACTED
    }

    private fun words(name: String): List<String> =
        name.replace(CAMEL_BOUNDARY, "$1 $2").lowercase().split(NON_ALNUM).filter { it.isNotEmpty() }

    /** `%XX` sequences decoded as Latin-1 (enough to recognise a name); a broken one stays as is. */
    private fun percentDecode(s: String): String {
        if ('%' !in s) return s
        val out = StringBuilder(s.length)
        var i = 0
        while (i < s.length) {
            val c = s[i]
            val hex = if (c == '%' && i + 2 < s.length) s.substring(i + 1, i + 3).toIntOrNull(16) else null
            if (hex != null) {
                out.append(hex.toChar())
                i += 3
            } else {
                out.append(c)
                i++
            }
        }
        return out.toString()
    }

    private val CAMEL_BOUNDARY = Regex("([a-z0-9])([A-Z])")
    private val NON_ALNUM = Regex("[^a-z0-9]+")

    /**
     * A URL in running text (group 1); stops at spaces, quotes, brackets and commas (so `[redacted]`
     * is never swallowed). The scheme starts at the first letter of its run of scheme characters
     * (leading digits, `+`, `.`, `-` are matched before group 1 and kept). Matching only from the
     * start of a run, possessively, keeps the scan linear: tried from every position of a long run
     * that is not followed by `://`, it took quadratic time (seconds for an 8 KiB error body).
     */
    internal val URL_IN_TEXT = Regex("""(?<![A-Za-z0-9+.\-])[0-9+.\-]*+([A-Za-z][A-Za-z0-9+.\-]*+://[^\s"'<>`,\[\](){}|\\^]+)""")

    /** `Authorization: Bearer x`, `x-api-key: x`... as they appear in a dump of headers. */
    private val HEADER_LINE = Regex(
        """(?i)\b((?:proxy-)?authorization|x-api-key|api-key|x-goog-api-key|cookie|set-cookie)(\s*[:=]\s*)(?:(?:bearer|basic|token)\s+)?[^\s,;"']+""",
    )

    /** A `Bearer` token of 8 characters or more (shorter words after "Bearer" are prose). */
    private val BEARER = Regex("""\b(Bearer)\s+[A-Za-z0-9._~+/\-]{8,}=*""")

    /**
     * `name=value`; the value ends at a space, `&`, a quote, a comma, a semicolon or a bracket. The
     * name is matched only from the start of its run, possessively, so the scan stays linear.
     */
    internal val NAME_VALUE = Regex("""(?<![A-Za-z0-9_.\-])([A-Za-z0-9_.\-]++)=([^\s&"'<>,;\[\](){}]*)""")

    /** `"name": "value"` (JSON), the value without escapes. */
    private val JSON_PAIR = Regex(""""([A-Za-z0-9_.\-]+)"(\s*:\s*)"([^"\\]*)"""")
}

/** A URL cut into the pieces [Redaction.url] treats apart; total: any string splits. */
internal class UrlParts(
    val prefix: String,
    val userInfo: String?,
    val host: String,
    val path: String,
    val query: String?,
    val fragment: String?,
) {
    companion object {
        fun split(url: String): UrlParts {
            val sep = url.indexOf("://")
            val hasScheme = sep > 0 && url[0].isLetter() && url.substring(0, sep).all { it.isLetterOrDigit() || it in "+-." }
            val start = if (hasScheme) sep + 3 else 0
            val hash = url.indexOf('#', start).let { if (it < 0) url.length else it }
            val question = url.indexOf('?', start).let { if (it < 0 || it > hash) hash else it }
            val slash = url.indexOf('/', start).let { if (it < 0 || it > question) question else it }
            // User info ends at the last '@' of the authority; a password holding a '/' (not valid,
            // but it happens) pushes the '@' into what looks like the path: take it when a ':' precedes it.
            var at = url.lastIndexOf('@', slash - 1).takeIf { it >= start } ?: -1
            var authorityEnd = slash
            if (at < 0) {
                val late = url.lastIndexOf('@', question - 1)
                if (late >= slash && ':' in url.substring(start, late)) {
                    at = late
                    authorityEnd = url.indexOf('/', late).let { if (it < 0 || it > question) question else it }
                }
            }
            return UrlParts(
                prefix = url.substring(0, start),
                userInfo = if (at >= 0) url.substring(start, at) else null,
                host = url.substring(if (at >= 0) at + 1 else start, authorityEnd),
                path = url.substring(authorityEnd, question),
                query = if (question < hash) url.substring(question + 1, hash) else null,
                fragment = if (hash < url.length) url.substring(hash + 1) else null,
            )
        }
    }
}
