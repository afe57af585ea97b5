package dev.sluice.llm.client

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.SluiceLlm
import dev.sluice.llm.request.ChatRequest
import dev.sluice.metrics.MetricsListener
import dev.sluice.metrics.StreamMetrics
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executor
import java.util.concurrent.Flow
import java.util.concurrent.atomic.AtomicInteger

/**
 * When a soak stream is cancelled: once the consumer has [afterEvents] events (the future view,
 * which shows no events: once that many tokens arrived), from another thread or the consumer's own.
 */
class CancelAt(val afterEvents: Int, val fromAnotherThread: Boolean)

/**
 * What a soak stream's view saw and how it ended: normally ([error] null), with an error, or
 * cancelled ([error] a [CancellationException]). [completions] counts the call's
 * `MetricsListener.onComplete` (once for every call that was sent, whatever its end).
 */
class SoakOutcome(val events: List<LlmEvent>, val result: LlmResult?, val error: Throwable?, val completions: AtomicInteger) {
    val deliveredText: String get() = events.filterIsInstance<LlmEvent.TextDelta>().joinToString("") { it.text }
}

/** The marker a view's outcome carries when the soak itself stopped it (a cancelled subscription, a closed iterator). */
class StoppedBySoak : CancellationException("stopped by the soak")

/**
 * Starts one LLM call through one of the four views, asynchronously, optionally cancelling it at
 * [CancelAt]; the future completes when the consumer is done with it. [cancels] runs cancellations
 * "from another thread"; [blockingThreads] runs the blocking view's loops (one thread per stream).
 */
class SoakViews(private val scope: CoroutineScope, private val cancels: Executor, private val blockingThreads: Executor) {
    /** Starts [request] through [view]; the publisher requests [batch] events at a time. */
    fun start(view: LlmView, llm: SluiceLlm, request: ChatRequest, cancel: CancelAt?, batch: Int): CompletableFuture<SoakOutcome> {
        val events = CopyOnWriteArrayList<LlmEvent>()
        val completions = AtomicInteger()
        val tokens = AtomicInteger()
        val onToken = CompletableFuture<Unit>()
        val metrics = object : MetricsListener {
            override fun onToken(gap: Duration) {
                if (tokens.incrementAndGet() == cancel?.afterEvents) onToken.complete(Unit)
            }

            override fun onComplete(metrics: StreamMetrics) {
                completions.incrementAndGet()
            }
        }
        fun outcome(result: LlmResult?, error: Throwable?) =
            SoakOutcome(events, result, (error as? CompletionException)?.cause ?: error, completions)
        return when (view) {
            LlmView.FLOW -> flow(llm.client(), request, metrics, cancel, events, ::outcome)
            LlmView.PUBLISHER -> publisher(llm, request, metrics, cancel, batch, events, ::outcome)
            LlmView.FUTURE -> {
                val future = llm.complete(request, metrics)
                when {
                    cancel == null -> Unit
                    cancel.afterEvents == 0 && !cancel.fromAnotherThread -> future.cancel(true)
                    cancel.afterEvents == 0 -> cancels.execute { future.cancel(true) }
                    else -> onToken.thenRunAsync({ future.cancel(true) }, cancels)
                }
                future.handle { result, error -> outcome(result, error) }
            }
            LlmView.BLOCKING -> CompletableFuture.supplyAsync({ blocking(llm, request, metrics, cancel, events, ::outcome) }, blockingThreads)
        }
    }

    private fun flow(
        client: LlmClient,
        request: ChatRequest,
        metrics: MetricsListener,
        cancel: CancelAt?,
        events: MutableList<LlmEvent>,
        outcome: (LlmResult?, Throwable?) -> SoakOutcome,
    ): CompletableFuture<SoakOutcome> {
        val done = CompletableFuture<SoakOutcome>()
        var failure: Throwable? = null
        val ownTake = cancel != null && !cancel.fromAnotherThread && cancel.afterEvents > 0
        val job = scope.launch {
            val self = coroutineContext.job
            try {
                val flow = client.events(request, metrics)
                (if (ownTake) flow.take(cancel.afterEvents) else flow).collect { event ->
                    events += event
                    if (cancel != null && cancel.fromAnotherThread && events.size == cancel.afterEvents) {
                        cancels.execute { self.cancel() }
                    }
                }
            } catch (e: CancellationException) {
                throw e
            } catch (e: Throwable) {
                failure = e
            }
        }
        job.invokeOnCompletion { cause -> done.complete(outcome(null, failure ?: cause)) }
        if (cancel != null && cancel.afterEvents == 0) {
            if (cancel.fromAnotherThread) cancels.execute { job.cancel() } else job.cancel()
        }
        return done
    }

    private fun publisher(
        llm: SluiceLlm,
        request: ChatRequest,
        metrics: MetricsListener,
        cancel: CancelAt?,
        batch: Int,
        events: MutableList<LlmEvent>,
        outcome: (LlmResult?, Throwable?) -> SoakOutcome,
    ): CompletableFuture<SoakOutcome> {
        val done = CompletableFuture<SoakOutcome>()
        llm.events(request, metrics).publisher().subscribe(object : Flow.Subscriber<LlmEvent> {
            private lateinit var subscription: Flow.Subscription

            private fun stop() {
                val stopNow = Runnable {
                    subscription.cancel()
                    done.complete(outcome(null, StoppedBySoak()))
                }
                if (cancel!!.fromAnotherThread) cancels.execute(stopNow) else stopNow.run()
            }

            override fun onSubscribe(s: Flow.Subscription) {
                subscription = s
                if (cancel?.afterEvents == 0) stop() else s.request(batch.toLong())
            }

            override fun onNext(item: LlmEvent) {
                events += item
                if (events.size == cancel?.afterEvents) stop() else if (events.size % batch == 0) subscription.request(batch.toLong())
            }

            override fun onError(throwable: Throwable) {
                done.complete(outcome(null, throwable))
            }

            override fun onComplete() {
                done.complete(outcome(null, null))
            }
        })
        return done
    }

    private fun blocking(
        llm: SluiceLlm,
        request: ChatRequest,
        metrics: MetricsListener,
        cancel: CancelAt?,
        events: MutableList<LlmEvent>,
        outcome: (LlmResult?, Throwable?) -> SoakOutcome,
    ): SoakOutcome = llm.blocking(request, metrics).use { stream ->
        var closed = false
        fun close() {
            closed = true
            if (cancel!!.fromAnotherThread) cancels.execute { stream.close() } else stream.close()
        }
        try {
            if (cancel?.afterEvents == 0) close()
            while (stream.hasNext()) {
                events += stream.next()
                if (events.size == cancel?.afterEvents) close()
            }
            // Closed early, the call may still have ended on its own (result() then has it): the consumer stopped first.
            if (closed) outcome(null, StoppedBySoak()) else outcome(stream.result(), null)
        } catch (e: Throwable) {
            outcome(null, e)
        }
    }
}
