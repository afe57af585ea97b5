package dev.sluice.http

import dev.sluice.SluiceException
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * A plain HTTP or SSE stream took too long: [limit] says which timeout fired (connect, first
 * byte, idle, total) and [timeout] its value. The connection is closed; everything received
 * before was delivered ([bytesRead] body bytes over all attempts).
 *
 * @property method the request method.
 * @property url the absolute request URL.
 * @property limit the timeout that fired.
 * @property bytesRead response body bytes received before the timeout, over all attempts.
 */
public class StreamTimeoutException internal constructor(
    public val method: String,
    public val url: String,
    public val limit: TimeoutLimit,
    timeout: Duration,
    public val bytesRead: Long,
    message: String,
    cause: Throwable? = null,
) : SluiceException(message, cause) {
    /** The value of the timeout that fired. Java: [getTimeout]. */
    @get:JvmSynthetic
    public val timeout: Duration = timeout

    /** The value of the timeout that fired (Java; Kotlin reads [timeout]). */
    public fun getTimeout(): java.time.Duration = timeout.toJavaDuration()
}
