package dev.sluice.llm

import dev.sluice.SluiceException
import dev.sluice.http.TimeoutLimit
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * A streamed LLM answer stopped before its terminal event for a reason other than an error the
 * provider reported (that is [LlmStreamException]): the connection broke or was closed early, a
 * line or event exceeded the decoding limits, the body could not be decoded, or a timeout fired
 * ([LlmTimeoutException]).
 *
 * @property partial everything accumulated before the failure, in the same shape as a final
 *   result ([LlmResult.isComplete] is false). Events already delivered are never lost.
 * @property cause the underlying error (`HttpTransportException`, `LimitExceededException`...), or
 *   `null` when the server closed the stream cleanly but early.
 */
public open class LlmInterruptedException(
    message: String,
    public val partial: LlmResult,
    cause: Throwable?,
) : SluiceException(message, cause)

/**
 * An LLM call took too long: [limit] says which timeout fired and [timeout] its value
 * ([TimeoutLimit.CONNECT], [TimeoutLimit.FIRST_TOKEN], [TimeoutLimit.IDLE] or
 * [TimeoutLimit.TOTAL]; see [LlmClientOptions]). The connection is closed; [partial] holds what
 * had arrived.
 *
 * @property limit the timeout that fired.
 */
public class LlmTimeoutException internal constructor(
    message: String,
    public val limit: TimeoutLimit,
    timeout: Duration,
    partial: LlmResult,
    cause: Throwable? = null,
) : LlmInterruptedException(message, partial, cause) {
    /** The value of the timeout that fired. Java: [getTimeout]. */
    @get:JvmSynthetic
    public val timeout: Duration = timeout

    /** The value of the timeout that fired (Java; Kotlin reads [timeout]). */
    public fun getTimeout(): java.time.Duration = timeout.toJavaDuration()

    /** Whether it was the idle timeout ([limit] is [TimeoutLimit.IDLE]). */
    public val isIdle: Boolean get() = limit == TimeoutLimit.IDLE

    /** The timeout that fired, in milliseconds. */
    @Deprecated("Use timeout (Kotlin) or getTimeout() (Java), and limit for which one fired")
    public val timeoutMillis: Long get() = timeout.inWholeMilliseconds
}
