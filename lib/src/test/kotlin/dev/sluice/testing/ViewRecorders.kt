package dev.sluice.testing

import dev.sluice.stream.StreamHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.coroutines.cancellation.CancellationException
import java.util.concurrent.Flow as JFlow

/**
 * Records a `Flow.Publisher` view. It requests nothing by itself: the test calls [request]
 * (waiting for `onSubscribe` first) and [cancel]; [subscription] is there for anything else.
 */
open class PublisherRecorder<T> @JvmOverloads constructor(timeoutMillis: Long = DEFAULT_TIMEOUT_MILLIS) :
    SubscriberRecorder<T, T>(timeoutMillis, { it })

/**
 * Records a `Flow.Publisher` of [S] as items of [T], each turned by [convert] inside `onNext`
 * (for publishers that may reuse what they handed over once `onNext` returns, such as buffers).
 */
open class SubscriberRecorder<S, T>(timeoutMillis: Long, private val convert: (S) -> T) :
    Recorder<T>(timeoutMillis), JFlow.Subscriber<S> {
    private val subscribed = CountDownLatch(1)

    @Volatile
    @JvmField
    var subscription: JFlow.Subscription? = null

    override fun onSubscribe(s: JFlow.Subscription) = call {
        subscription = s
        subscribed.countDown()
    }

    override fun onNext(item: S) = call { record(Signal.Item(convert(item))) }

    override fun onError(t: Throwable) = call { record(Signal.Failure(t)) }

    override fun onComplete() = call { record(Signal.Complete) }

    /** The subscription, once `onSubscribe` came (waiting at most [timeoutMillis]). */
    fun awaitSubscription(): JFlow.Subscription {
        if (!subscribed.await(timeoutMillis, TimeUnit.MILLISECONDS)) throw AssertionError("no onSubscribe within $timeoutMillis ms")
        return subscription!!
    }

    fun request(n: Long) = awaitSubscription().request(n)

    fun cancel() = awaitSubscription().cancel()
}

/**
 * Records the callback view ([StreamHandler]). Set [throwAt] and [toThrow] to make
 * `onNext` throw at the n-th item (1-based), after recording it.
 */
open class HandlerRecorder<T : Any> @JvmOverloads constructor(timeoutMillis: Long = DEFAULT_TIMEOUT_MILLIS) :
    Recorder<T>(timeoutMillis), StreamHandler<T> {
    @Volatile
    @JvmField
    var throwAt: Int = -1

    @Volatile
    @JvmField
    var toThrow: RuntimeException? = null

    override fun onNext(item: T) = call {
        record(Signal.Item(item))
        if (items.size == throwAt) throw toThrow!!
    }

    override fun onComplete() = call { record(Signal.Complete) }

    override fun onError(error: Throwable) = call { record(Signal.Failure(error)) }
}

/**
 * Records a blocking iterator, read to its end on a daemon thread of its own, so the test thread
 * stays free to assert (and to close the iterator from outside). [join] waits for that thread.
 */
class IteratorRecorder<T> private constructor(timeoutMillis: Long) : Recorder<T>(timeoutMillis) {
    private lateinit var reader: Thread

    /** Whether the reading thread is blocked (in `hasNext()` or `next()`, waiting for the view). */
    fun isReaderWaiting(): Boolean = reader.state == Thread.State.WAITING || reader.state == Thread.State.TIMED_WAITING

    /** Waits (at most the timeout) until the reading thread has ended. */
    fun join() {
        reader.join(timeoutMillis)
        if (reader.isAlive) throw AssertionError("the iterator was still being read after $timeoutMillis ms")
    }

    companion object {
        @JvmStatic
        @JvmOverloads
        fun <T> drain(iterator: Iterator<T>, timeoutMillis: Long = DEFAULT_TIMEOUT_MILLIS): IteratorRecorder<T> {
            val recorder = IteratorRecorder<T>(timeoutMillis)
            recorder.reader = Thread({
                try {
                    while (recorder.call { iterator.hasNext() }) {
                        val item = recorder.call { iterator.next() }
                        recorder.record(Signal.Item(item))
                    }
                    recorder.record(Signal.Complete)
                } catch (e: Throwable) {
                    recorder.record(Signal.Failure(e))
                }
            }, "iterator-recorder").apply { isDaemon = true; start() }
            return recorder
        }
    }
}

/**
 * Records a Kotlin `Flow` collected in a coroutine of the given scope; cancelling the collection
 * ([cancel]) records nothing (a cancelled collector sees no terminal signal), any other end does.
 */
class FlowRecorder<T> private constructor(timeoutMillis: Long) : Recorder<T>(timeoutMillis) {
    lateinit var job: Job
        private set

    fun cancel() = job.cancel()

    companion object {
        /** Starts collecting [flow] in [scope] at once (undispatched up to its first suspension). */
        fun <T> record(scope: CoroutineScope, flow: Flow<T>, timeoutMillis: Long = DEFAULT_TIMEOUT_MILLIS): FlowRecorder<T> {
            val recorder = FlowRecorder<T>(timeoutMillis)
            recorder.job = scope.launch(start = CoroutineStart.UNDISPATCHED) {
                try {
                    flow.collect { item -> recorder.call { recorder.record(Signal.Item(item)) } }
                    recorder.record(Signal.Complete)
                } catch (e: CancellationException) {
                    throw e
                } catch (e: Throwable) {
                    recorder.record(Signal.Failure(e))
                }
            }
            return recorder
        }
    }
}
