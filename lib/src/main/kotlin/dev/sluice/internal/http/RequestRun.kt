package dev.sluice.internal.http

import dev.sluice.SluiceException
import dev.sluice.http.HttpRequest
import dev.sluice.http.StreamTimeoutException
import dev.sluice.http.StreamingResponse
import dev.sluice.http.TimeoutLimit
import kotlin.time.Duration

/**
 * One call of a plain HTTP view: the request is sent, and sent again under its retry policy while
 * nothing was delivered, all under its watchdog. The block gets each attempt's live response and
 * calls [markDelivered] before it hands anything to the consumer; from then on a failure ends the
 * call. Any [SluiceException] leaving [run] carries the attempt count. Used once.
 */
internal class RequestRun(private val request: HttpRequest) {
    private val watchdog = StreamWatchdog(request.settings.timeouts, TimeoutLimit.FIRST_BYTE, request.client.time)
    private val loop = RetryLoop(request.settings.retryPolicy, request.client.time)
    private var delivered = false

    /** Something reached the consumer: failures are no longer retried. */
    fun markDelivered() {
        delivered = true
    }

    suspend fun <R> run(extra: ExtraHeaders = ExtraHeaders(), block: suspend (StreamingResponse) -> R): R =
        request.client.lifetime.guard("${request.method} ${request.url}") {
            try {
                watchdog.guard(::timeoutError) {
                    loop.run(
                        retryable = { !delivered && isRetryableFailure(it) },
                        beforeWait = { _, _, _ -> watchdog.betweenAttempts() },
                    ) {
                        watchdog.attemptStarted()
                        request.exchange(extra, watchdog, block)
                    }
                }
            } catch (e: SluiceException) {
                e.attempts = loop.attempts
                throw e
            }
        }

    private fun timeoutError(limit: TimeoutLimit, timeout: Duration): StreamTimeoutException =
        streamTimeoutError(request, limit, timeout, watchdog.bytesRead)
}
