package dev.sluice.llm

import dev.sluice.SluiceException

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
 * An LLM stream took too long: no byte arrived for the idle timeout (keep-alives count as
 * bytes), or the whole call exceeded the total timeout. The connection is closed.
 *
 * @property isIdle true for the idle timeout, false for the total one.
 * @property timeoutMillis the timeout that fired, in milliseconds.
 */
public class LlmTimeoutException(
    message: String,
    public val isIdle: Boolean,
    public val timeoutMillis: Long,
    partial: LlmResult,
) : LlmInterruptedException(message, partial, null)
