package dev.sluice.http

import dev.sluice.SluiceException
import dev.sluice.internal.http.describeStatusError
import dev.sluice.internal.secrets.Redaction

/**
 * The server answered with a status outside 2xx. Carries what is needed to understand why: the
 * status, the response headers, and the start of the body (bounded, see [bodyExcerpt]).
 *
 * @property status the HTTP status code.
 * @property method the request method.
 * The message and the properties show no credential (see [SluiceException]): [url] is redacted,
 * and so is whatever in the body looks like one or repeats a credential of the request (a server
 * that echoes the API key in its error).
 *
 * @property headers the response headers, names as the server sent them.
 * @property bodyTruncated whether the body was longer than the excerpt.
 */
public open class HttpStatusException(
    public val status: Int,
    public val method: String,
    url: String,
    headers: Map<String, List<String>>,
    bodyExcerpt: String,
    public val bodyTruncated: Boolean,
) : SluiceException(describeStatusError(status, method, Redaction.url(url), bodyExcerpt, bodyTruncated)) {

    /**
     * The absolute request URL with its credentials redacted: user info and the values of secret
     * query parameters become `[redacted]` (`...:streamGenerateContent?alt=sse&key=[redacted]`).
     */
    public val url: String = Redaction.url(url)

    /**
     * The start of the response body decoded as UTF-8 (invalid bytes become U+FFFD), at most 8 KiB
     * of it, with anything that looks like a credential redacted.
     */
    public val bodyExcerpt: String = Redaction.text(bodyExcerpt)

    public val headers: Map<String, List<String>> = headers.mapValues { it.value.toList() }

    /** The first value of response header [name], compared case-insensitively; `null` if absent. */
    public fun header(name: String): String? =
        headers.entries.firstOrNull { it.key.equals(name, ignoreCase = true) }?.value?.firstOrNull()
}
