package dev.sluice.internal.sse

import dev.sluice.internal.stream.NeedsAndroidApi30
import java.io.IOException
import java.nio.ByteBuffer
import java.util.concurrent.Flow
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

// java.util.concurrent.Flow is Android API 30: this class carries @NeedsAndroidApi30 and holds no
// lambdas, whose classes would escape the annotation (see FlowPublishers.kt).

/**
 * A [Flow.Subscriber] as the output of an SSE writer, one [ByteBuffer] per frame, with real
 * backpressure: a frame is delivered only against demand, and a write waits (blocking the writing
 * thread) until `request(n)` allows it, or returns false at once when asked not to wait (a
 * keep-alive is simply skipped while the consumer is not reading).
 *
 * Signals: [start] calls `onSubscribe` on the thread that creates the writer; `onNext`,
 * `onComplete` and `onError` come from the thread writing (or closing, or sending a keep-alive),
 * one at a time: the writer holds its own lock around every call here. `cancel()` makes the next (or
 * the waiting) write fail with an [IOException]. `request(n)` with `n <= 0` cancels too, and the
 * [IllegalArgumentException] (rule 3.9) reaches `onError` from the next write or from close.
 */
@NeedsAndroidApi30
internal class SubscriberSink(subscriber: Flow.Subscriber<in ByteBuffer>) : ByteSink, Flow.Subscription {
    private val lock = ReentrantLock()
    private val changed = lock.newCondition()

    /** Null once terminated or cancelled: no signal after that (rule 1.8, 3.13). */
    @Volatile
    private var subscriber: Flow.Subscriber<in ByteBuffer>? = subscriber

    // Guarded by lock.
    private var demand = 0L
    private var cancelled = false
    private var aborted = false
    private var badRequest: IllegalArgumentException? = null

    fun start() {
        subscriber?.onSubscribe(this)
    }

    override fun request(n: Long) {
        lock.withLock {
            if (cancelled) return
            if (n <= 0L) {
                badRequest = IllegalArgumentException("Reactive Streams rule 3.9: request($n) is not positive; the subscription was cancelled")
                cancelled = true
            } else {
                demand = if (demand + n < 0L) Long.MAX_VALUE else demand + n
            }
            changed.signalAll()
        }
    }

    override fun cancel() {
        lock.withLock {
            if (cancelled) return
            cancelled = true
            changed.signalAll()
        }
        // Rule 3.13: drop the subscriber (a cancel after request(0) already ended the subscription).
        subscriber = null
    }

    override fun write(bytes: ByteArray, wait: Boolean): Boolean {
        lock.withLock {
            while (demand == 0L && !cancelled && !aborted) {
                if (!wait) return false
                try {
                    changed.await()
                } catch (e: InterruptedException) {
                    Thread.currentThread().interrupt()
                    throw IOException("interrupted while waiting for the subscriber's demand", e)
                }
            }
            if (!cancelled && !aborted && demand != Long.MAX_VALUE) demand--
        }
        signalBadRequest()
        if (cancelled()) throw IOException("the subscriber cancelled its subscription")
        if (isAborted()) throw WaitAbortedException()
        val target = subscriber ?: throw IOException("the subscriber cancelled its subscription")
        try {
            target.onNext(ByteBuffer.wrap(bytes))
        } catch (e: Throwable) {
            // Rule 2.13: a subscriber that throws is considered cancelled.
            subscriber = null
            lock.withLock { cancelled = true }
            throw IOException("the subscriber failed in onNext: $e", e)
        }
        return true
    }

    override fun abortWait() {
        lock.withLock {
            aborted = true
            changed.signalAll()
        }
    }

    override fun close() {
        if (signalBadRequest()) return
        val target = subscriber ?: return
        subscriber = null
        target.onComplete()
    }

    override fun closeAfterFailure() {
        signalBadRequest()
        subscriber = null
    }

    /** Delivers a pending rule 3.9 error; true when there was one (the subscription is over). */
    private fun signalBadRequest(): Boolean {
        val error = lock.withLock { badRequest.also { badRequest = null } } ?: return false
        val target = subscriber ?: return true
        subscriber = null
        target.onError(error)
        return true
    }

    private fun cancelled(): Boolean = lock.withLock { cancelled }

    private fun isAborted(): Boolean = lock.withLock { aborted }
}
