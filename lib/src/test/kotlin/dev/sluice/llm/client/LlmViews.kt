package dev.sluice.llm.client

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmEventKind
import dev.sluice.llm.LlmResult
import dev.sluice.llm.SluiceLlm
import dev.sluice.llm.request.ChatRequest
import kotlinx.coroutines.runBlocking
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutionException
import java.util.concurrent.Flow
import java.util.concurrent.TimeUnit

/** The four ways to read an LLM call, each run to its end: what it delivered, and how it ended. */
enum class LlmView {
    /** Kotlin: `LlmClient.events` collected. */
    FLOW,

    /** Java: `SluiceLlm.events(...).publisher()`, one event requested at a time. */
    PUBLISHER,

    /** Java: `SluiceLlm.complete(...)`, a future of the final message. */
    FUTURE,

    /** Java: `SluiceLlm.blocking(...)`, iterated, then `result()`. */
    BLOCKING;

    /** Whether this view builds the final message (so an error's partial result holds the text). */
    val accumulates: Boolean get() = this == FUTURE || this == BLOCKING

    /** Runs [request] on [client] (which is closed afterwards) through this view. */
    fun run(client: LlmClient, request: ChatRequest): ViewOutcome {
        val events = CopyOnWriteArrayList<LlmEvent>()
        SluiceLlm.wrap(client).use { llm ->
            return when (this) {
                FLOW -> runBlocking {
                    try {
                        client.events(request).collect { events += it }
                        ViewOutcome(events, null, null)
                    } catch (e: Exception) {
                        ViewOutcome(events, null, e)
                    }
                }
                PUBLISHER -> subscribe(llm, request, events)
                FUTURE -> try {
                    ViewOutcome(events, llm.complete(request).get(20, TimeUnit.SECONDS), null)
                } catch (e: ExecutionException) {
                    ViewOutcome(events, null, e.cause)
                }
                BLOCKING -> llm.blocking(request).use { stream ->
                    try {
                        while (stream.hasNext()) events += stream.next()
                        ViewOutcome(events, stream.result(), null)
                    } catch (e: Exception) {
                        ViewOutcome(events, null, e)
                    }
                }
            }
        }
    }

    private fun subscribe(llm: SluiceLlm, request: ChatRequest, events: MutableList<LlmEvent>): ViewOutcome {
        val done = CountDownLatch(1)
        var error: Throwable? = null
        llm.events(request).publisher().subscribe(object : Flow.Subscriber<LlmEvent> {
            private lateinit var subscription: Flow.Subscription

            override fun onSubscribe(s: Flow.Subscription) {
                subscription = s
                s.request(1)
            }

            override fun onNext(item: LlmEvent) {
                events += item
                subscription.request(1)
            }

            override fun onError(throwable: Throwable) {
                error = throwable
                done.countDown()
            }

            override fun onComplete() = done.countDown()
        })
        check(done.await(20, TimeUnit.SECONDS)) { "the publisher never ended" }
        return ViewOutcome(events, null, error)
    }
}

/** What a view delivered ([events]), its final message when it builds one, and the error that ended it. */
class ViewOutcome(val events: List<LlmEvent>, val result: LlmResult?, val error: Throwable?) {
    /** The text deltas delivered, joined. */
    val deliveredText: String get() = events.filterIsInstance<LlmEvent.TextDelta>().joinToString("") { it.text }

    /** How many times the answer's start was delivered (exactly once, retries or not). */
    val starts: Int get() = events.count { it.kind == LlmEventKind.STREAM_STARTED }
}
