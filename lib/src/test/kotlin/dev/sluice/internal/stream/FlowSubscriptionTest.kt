package dev.sluice.internal.stream

import dev.sluice.testing.PublisherRecorder
import dev.sluice.testing.Recorder
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onCompletion
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** The publisher's subscription under concurrency: demand from many threads, reads in step with demand. */
@Timeout(60)
class FlowSubscriptionTest {
    @Test
    fun demandFromManyThreadsAddsUpExactlyAndSignalsStaySerialized() {
        val produced = AtomicLong()
        val sourceEnded = CompletableFuture<Throwable?>()
        val source: Flow<Int> = flow { var i = 0; while (true) { emit(i++); produced.incrementAndGet() } }.onCompletion { sourceEnded.complete(it) }
        val sub = PublisherRecorder<Int>()
        subscribeFlow(source, sub, Dispatchers.IO)
        sub.awaitSubscription()
        val pool = Executors.newFixedThreadPool(8)
        try {
            val start = CountDownLatch(1)
            repeat(8) { pool.execute { start.await(); repeat(1000) { sub.request(1) } } }
            start.countDown()
            pool.shutdown()
            assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS))
        } finally {
            pool.shutdownNow()
        }
        sub.awaitItems(8000)
        sub.cancel()
        sourceEnded.get(10, TimeUnit.SECONDS) // the source has stopped: nothing more can be delivered
        assertEquals(8000, sub.items.size, "never more than requested")
        assertEquals((0 until 8000).toList(), sub.items, "in order, each once")
        assertTrue(produced.get() <= 8001, "read at most one element ahead, read ${produced.get()}")
        assertFalse(sub.overlapped, "signals overlapped")
    }

    @Test
    fun demandOverflowingLongMaxValueMeansUnbounded() {
        val sub = PublisherRecorder<Long>()
        subscribeFlow((0L until 10_000L).asFlow(), sub, Dispatchers.IO)
        sub.request(Long.MAX_VALUE - 1)
        sub.request(Long.MAX_VALUE - 1)
        assertEquals(Recorder.Signal.Complete, sub.awaitTerminal())
        assertEquals(10_000, sub.items.size)
        sub.assertExhausted()
    }

    @Test
    fun cancelInsideOnSubscribeNeverStartsReading() = onOneThread { executor ->
        val collected = AtomicBoolean()
        val source = flow { collected.set(true); emit(1) }
        val sub = object : PublisherRecorder<Int>() {
            override fun onSubscribe(s: java.util.concurrent.Flow.Subscription) {
                super.onSubscribe(s)
                s.cancel()
            }
        }
        subscribeFlow(source, sub, executor.asCoroutineDispatcher())
        sub.awaitSubscription()
        // The subscription runs on this one thread, and nothing between onSubscribe and opening the
        // source suspends: once a later task ran, it has either opened the source or never will.
        executor.submit {}.get(10, TimeUnit.SECONDS)
        assertFalse(collected.get(), "the source was opened after a cancel in onSubscribe")
        sub.assertExhausted()
    }

    @Test
    fun requestAfterCompletionIsANoOpEvenWhenNotPositive() = onOneThread { executor ->
        val sub = PublisherRecorder<Int>()
        subscribeFlow(listOf(1, 2).asFlow(), sub, executor.asCoroutineDispatcher())
        sub.request(5)
        sub.assertItems(listOf(1, 2))
        sub.assertComplete()
        sub.request(0)
        sub.request(-1)
        executor.submit {}.get(10, TimeUnit.SECONDS) // whatever those requests set off has run
        sub.assertExhausted()
    }

    private fun onOneThread(block: (ExecutorService) -> Unit) {
        val executor = Executors.newSingleThreadExecutor()
        try {
            block(executor)
        } finally {
            executor.shutdownNow()
        }
    }
}
