package dev.sluice.internal.http

import dev.sluice.http.RetryPolicy
import kotlinx.coroutines.CancellationException
import kotlin.time.Duration

/**
 * Runs attempts of one call under [policy]: after a failure that [run]'s `retryable` accepts
 * (the caller says no when something was already delivered), waits as the policy says and tries
 * again; otherwise the failure is thrown as it is. Cancellation and errors are never retried.
 * Used once per call; [attempts] counts the attempts started.
 */
internal class RetryLoop(private val policy: RetryPolicy, private val time: TransportTime) {
    var attempts: Int = 0
        private set

    suspend fun <R> run(
        retryable: (Throwable) -> Boolean,
        beforeWait: (retry: Int, delay: Duration, failure: Throwable) -> Unit,
        attempt: suspend (number: Int) -> R,
    ): R {
        while (true) {
            attempts++
            val failure = try {
                return attempt(attempts)
            } catch (t: Throwable) {
                if (t is CancellationException || t is Error) throw t
                t
            }
            val delay = if (retryable(failure)) policy.delayBeforeRetry(failure, attempts, time) else null
            if (delay == null) throw failure
            beforeWait(attempts, delay, failure)
            time.sleep(delay)
        }
    }
}
