package dev.sluice.http

import dev.sluice.SluiceException
import dev.sluice.internal.http.describeRetryAfter
import dev.sluice.internal.http.describeStatusError
import dev.sluice.internal.secrets.Redaction
import dev.sluice.internal.http.firstHeader
import dev.sluice.internal.http.isRetryableStatus
import dev.sluice.internal.http.serverRetryDelay
import kotlin.time.Duration
import kotlin.time.toJavaDuration

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
) : SluiceException(
    describeStatusError(status, method, Redaction.url(url), bodyExcerpt, bodyTruncated) +
        describeRetryAfter(serverRetryDelay({ name -> firstHeader(headers, name) }, System.currentTimeMillis())),
) {

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
    public fun header(name: String): String? = firstHeader(headers, name)

    /**
     * The delay the server asked for before trying again (`retry-after-ms`, else `Retry-After` in
     * seconds or as an HTTP date, measured when this error was made); `null` when it gave none.
     * Java: [getRetryAfter].
     */
    @get:JvmSynthetic
    public val retryAfter: Duration? = serverRetryDelay(::header, System.currentTimeMillis())

    /** [retryAfter] for Java (Kotlin reads [retryAfter]); `null` when the server gave none. */
    public fun getRetryAfter(): java.time.Duration? = retryAfter?.toJavaDuration()

    /**
     * Whether [RetryPolicy] sends the request again after this answer: 408, 409, 429, 500, 502,
     * 503, 504 and 529, or any status with `x-should-retry: true`; never 400, 401, 403, 404, 422,
     * `x-should-retry: false`, or a 429 whose body says `insufficient_quota`.
     */
    public open val isRetryable: Boolean
        get() = isRetryableStatus(status, ::header, bodyExcerpt)
}
