package dev.sluice.samples.cli

import dev.sluice.http.HttpStatusException
import dev.sluice.http.HttpTransportException
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.LlmTimeoutException
import dev.sluice.metrics.MetricsListener
import dev.sluice.metrics.StreamMetrics
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonPrimitive

/**
 * What `chat` knows about its call when it fails: how many HTTP attempts it made and how much
 * answer text it already printed. Hears the attempts as a [MetricsListener].
 */
internal class ChatProgress : MetricsListener {
    /** Set just before the call is sent: from then on at least one attempt counts. */
    @Volatile
    var started: Boolean = false

    @Volatile
    private var heard: Int = 0

    /** Characters (UTF-16 units, as `String.length` counts them) of answer text printed to standard output. */
    @Volatile
    var partialChars: Int = 0

    /** HTTP attempts: 1 + retries once the call was sent, 0 when it failed before that. */
    val attempts: Int get() = maxOf(heard, if (started) 1 else 0)

    override fun onRetry(retry: Int) {
        heard = maxOf(heard, retry + 1)
    }

    override fun onComplete(metrics: StreamMetrics) {
        heard = maxOf(heard, metrics.retries + 1)
    }
}

/** HTTP statuses for which sending the same request again may succeed. */
private val RETRYABLE_STATUSES = setOf(408, 409, 429, 500, 502, 503, 504, 529)

/**
 * Whether sending the same request again may succeed: the provider's in-stream error says so
 * ([LlmStreamException.isRetryable]), the HTTP status is one of [RETRYABLE_STATUSES], or the
 * connection failed before any answer text was printed. Anything else (bad request, protocol
 * error, timeout, our own failure) is not.
 */
internal fun isRetryable(error: Throwable, partialChars: Int): Boolean = when (error) {
    is LlmStreamException -> error.isRetryable
    is HttpStatusException -> error.status in RETRYABLE_STATUSES
    is HttpTransportException -> partialChars == 0
    is LlmTimeoutException -> false
    is LlmInterruptedException -> partialChars == 0 && error.cause is HttpTransportException
    else -> false
}

/**
 * The fields `chat` adds to the error line, in order, between `error` and `message`:
 * `status` (the HTTP status or null), `attempts`, `retryable`, `partial_chars`.
 */
internal fun chatErrorFields(error: Throwable, progress: ChatProgress): Map<String, JsonPrimitive> {
    val status = (error as? HttpStatusException)?.status
    return linkedMapOf(
        "status" to (if (status == null) JsonNull else JsonPrimitive(status)),
        "attempts" to JsonPrimitive(progress.attempts),
        "retryable" to JsonPrimitive(isRetryable(error, progress.partialChars)),
        "partial_chars" to JsonPrimitive(progress.partialChars),
    )
}
