package dev.sluice.internal.llm.sse

import dev.sluice.SluiceException
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmHttpException
import dev.sluice.llm.LlmStreamException
import dev.sluice.sse.SseEvent

/**
 * Re-encodes one stream of neutral events as the SSE frames of one wire format: events in, frames
 * out, in order. Keeps what the format needs (ids, open blocks, the finish reason and usage until
 * the closing frames), never the answer's text. Not thread-safe; one per stream.
 */
internal abstract class SseReencoder {
    /** The frames [event] becomes (often one, sometimes none or several). */
    abstract fun encode(event: LlmEvent, out: MutableList<SseEvent>)

    /** The frames that report [error]; they end the stream. */
    abstract fun encodeError(error: Throwable, out: MutableList<SseEvent>)
}

/** What an error frame tells the client. */
internal class ErrorDescription(val type: String, val code: String?, val message: String)

/**
 * The provider's own error type and message when the stream or the HTTP call reported one; for
 * Sluice's other errors (interrupted streams, timeouts, limits) [defaultType] and their message;
 * for anything else a generic message, so no internal detail reaches the client.
 */
internal fun describeError(error: Throwable, defaultType: String): ErrorDescription = when (error) {
    is LlmStreamException -> ErrorDescription(error.errorType, error.errorCode, error.providerMessage)
    is LlmHttpException -> ErrorDescription(error.errorType ?: defaultType, error.errorCode, error.providerMessage)
    is SluiceException -> ErrorDescription(defaultType, null, error.message ?: error.javaClass.simpleName)
    else -> ErrorDescription(defaultType, null, "the upstream stream failed")
}
