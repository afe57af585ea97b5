@file:JvmName("FlowPublishers")

package dev.sluice.internal.stream

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.launch
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference
import kotlin.coroutines.CoroutineContext
import java.util.concurrent.Flow as JdkFlow

// This file is the only Kotlin code that touches java.util.concurrent.Flow (Android API 30). Its
// classes carry @NeedsAndroidApi30, which keeps them out of the API 24 animal-sniffer check; the
// subscription is its own FlowCollector so that no lambda class escapes the annotation.

/**
 * Runs one subscription of [subscriber] to the cold [flow]: one collection of the flow (for HTTP,
 * one request) in one coroutine on [context], which delivers every signal, so signals are
 * serialized. The flow is collected in step with demand: after an element is delivered, the next
 * one is produced but held until `request(n)` allows it, so at most one element is read ahead.
 */
@NeedsAndroidApi30
public fun <T> subscribeFlow(flow: Flow<T>, subscriber: JdkFlow.Subscriber<in T>, context: CoroutineContext) {
    FlowSubscription(flow, subscriber, context).start()
}

@NeedsAndroidApi30
@OptIn(DelicateCoroutinesApi::class)
internal class FlowSubscription<T>(
    private val flow: Flow<T>,
    subscriber: JdkFlow.Subscriber<in T>,
    context: CoroutineContext,
) : JdkFlow.Subscription, FlowCollector<T> {
    /** Null once cancelled or terminated (rule 3.13: drop the subscriber). */
    @Volatile
    private var subscriber: JdkFlow.Subscriber<in T>? = subscriber

    /** Outstanding demand; [Long.MAX_VALUE] means unbounded (rule 3.17). */
    private val demand = AtomicLong()

    /** Wakes the producer when demand arrives; conflated, so a wake-up is never lost. */
    private val demandArrived = Channel<Unit>(Channel.CONFLATED)

    /** The first non-positive request (rule 3.9), delivered as onError. */
    private val badRequest = AtomicReference<IllegalArgumentException?>()

    private val job: Job = GlobalScope.launch(context, CoroutineStart.LAZY) { run() }

    fun start() {
        job.start()
    }

    override fun request(n: Long) {
        if (subscriber == null) return // rule 3.6: after cancel or termination, a no-op
        if (n <= 0L) {
            val error = IllegalArgumentException(
                "Reactive Streams rule 3.9: request($n) is not positive; the subscription was cancelled",
            )
            if (badRequest.compareAndSet(null, error)) job.cancel()
            return
        }
        while (true) {
            val current = demand.get()
            if (demand.compareAndSet(current, if (current + n < 0L) Long.MAX_VALUE else current + n)) break
        }
        demandArrived.trySend(Unit)
    }

    override fun cancel() {
        subscriber = null
        job.cancel()
    }

    private suspend fun run() {
        var failure: Throwable? = null
        try {
            deliver { it.onSubscribe(this) }
            currentCoroutineContext().ensureActive() // cancelled in onSubscribe: do not open the source
            flow.collect(this)
        } catch (e: Throwable) {
            failure = e
        }
        terminate(failure)
    }

    /** One element from the flow: held until there is demand, then delivered. */
    override suspend fun emit(value: T) {
        while (demand.get() == 0L) demandArrived.receive()
        deliver { it.onNext(value) }
        while (true) {
            val current = demand.get()
            if (current == Long.MAX_VALUE || demand.compareAndSet(current, current - 1)) break
        }
    }

    private suspend inline fun deliver(signal: (JdkFlow.Subscriber<in T>) -> Unit) {
        currentCoroutineContext().ensureActive()
        val target = subscriber ?: throw CancellationException("subscription cancelled")
        try {
            signal(target)
        } catch (e: Throwable) {
            throw CallbackFailure(e)
        }
    }

    private fun terminate(failure: Throwable?) {
        val target = subscriber ?: return // cancelled: no further signal (rule 1.8)
        subscriber = null
        val rejected = badRequest.get()
        try {
            when {
                // Rule 2.13: a subscriber that throws is considered cancelled; the error goes to
                // the thread's uncaught-exception handler, not back to that subscriber.
                failure is CallbackFailure -> reportUncaught(failure.cause)
                rejected != null -> target.onError(rejected)
                failure == null -> target.onComplete()
                else -> target.onError(failure)
            }
        } catch (e: Throwable) {
            reportUncaught(e)
        }
    }
}
