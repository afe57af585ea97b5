package dev.sluice.http

import dev.sluice.SluiceException
import dev.sluice.internal.http.describeStatusError

/**
 * The server answered with a status outside 2xx. Carries what is needed to understand why: the
 * status, the response headers, and the start of the body (bounded, see [bodyExcerpt]).
 *
 * @property status the HTTP status code.
 * @property method the request method.
 * @property url the absolute request URL.
 * @property headers the response headers, names as the server sent them.
 * @property bodyExcerpt the start of the response body decoded as UTF-8 (invalid bytes become
 *   U+FFFD), at most 8 KiB of it.
 * @property bodyTruncated whether the body was longer than the excerpt.
 */
public open class HttpStatusException(
    public val status: Int,
    public val method: String,
    public val url: String,
    headers: Map<String, List<String>>,
    public val bodyExcerpt: String,
    public val bodyTruncated: Boolean,
) : SluiceException(describeStatusError(status, method, url, bodyExcerpt, bodyTruncated)) {

    public val headers: Map<String, List<String>> = headers.mapValues { it.value.toList() }

    /** The first value of response header [name], compared case-insensitively; `null` if absent. */
    public fun header(name: String): String? =
        headers.entries.firstOrNull { it.key.equals(name, ignoreCase = true) }?.value?.firstOrNull()
}
