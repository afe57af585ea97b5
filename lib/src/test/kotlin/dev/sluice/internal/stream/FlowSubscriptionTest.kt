package dev.sluice.internal.stream

import dev.sluice.stream.ViewTesting

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onCompletion
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.Flow.Subscriber
import java.util.concurrent.Flow.Subscription
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** The publisher's subscription under concurrency: demand from many threads, reads in step with demand. */
@Timeout(60)
class FlowSubscriptionTest {
    private class Counting<T>(private val onSub: (Subscription) -> Unit = {}) : Subscriber<T> {
        val items = AtomicInteger()
        val inside = AtomicInteger()
        val overlapped = AtomicBoolean()
        val done = CountDownLatch(1)
        val completions = AtomicInteger()
        val errors: MutableList<Throwable> = Collections.synchronizedList(mutableListOf())
        @Volatile lateinit var subscription: Subscription
        val subscribed = CountDownLatch(1)

        private inline fun guarded(block: () -> Unit) {
            if (inside.incrementAndGet() != 1) overlapped.set(true)
            try { block() } finally { inside.decrementAndGet() }
        }

        override fun onSubscribe(s: Subscription) = guarded { subscription = s; subscribed.countDown(); onSub(s) }
        override fun onNext(item: T) = guarded { items.incrementAndGet() }
        override fun onError(t: Throwable) = guarded { errors += t; done.countDown() }
        override fun onComplete() = guarded { completions.incrementAndGet(); done.countDown() }
    }

    @Test
    fun demandFromManyThreadsAddsUpExactlyAndSignalsStaySerialized() {
        val produced = AtomicLong()
        val source: Flow<Int> = flow { var i = 0; while (true) { emit(i++); produced.incrementAndGet() } }
        val sub = Counting<Int>()
        subscribeFlow(source, sub, Dispatchers.IO)
        assertTrue(sub.subscribed.await(10, TimeUnit.SECONDS))
        val pool = Executors.newFixedThreadPool(8)
        try {
            val start = CountDownLatch(1)
            repeat(8) { pool.execute { start.await(); repeat(1000) { sub.subscription.request(1) } } }
            start.countDown()
            pool.shutdown()
            assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS))
        } finally {
            pool.shutdownNow()
        }
        ViewTesting.awaitUntil(java.time.Duration.ofSeconds(10), "8000 items") { sub.items.get() == 8000 }
        Thread.sleep(100)
        assertEquals(8000, sub.items.get(), "never more than requested")
        assertTrue(produced.get() <= 8001, "read at most one element ahead, read ${produced.get()}")
        assertFalse(sub.overlapped.get(), "signals overlapped")
        sub.subscription.cancel()
    }

    @Test
    fun demandOverflowingLongMaxValueMeansUnbounded() {
        val sub = Counting<Long>()
        subscribeFlow((0L until 10_000L).asFlow(), sub, Dispatchers.IO)
        assertTrue(sub.subscribed.await(10, TimeUnit.SECONDS))
        sub.subscription.request(Long.MAX_VALUE - 1)
        sub.subscription.request(Long.MAX_VALUE - 1)
        assertTrue(sub.done.await(10, TimeUnit.SECONDS))
        assertEquals(10_000, sub.items.get())
        assertEquals(1, sub.completions.get())
    }

    @Test
    fun cancelInsideOnSubscribeNeverStartsReading() {
        val collected = AtomicBoolean()
        val finished = CountDownLatch(1)
        val source = flow { collected.set(true); emit(1) }.onCompletion { finished.countDown() }
        val sub = Counting<Int> { it.cancel() }
        subscribeFlow(source, sub, Dispatchers.IO)
        assertTrue(sub.subscribed.await(10, TimeUnit.SECONDS))
        Thread.sleep(100)
        assertFalse(collected.get(), "the source was opened after a cancel in onSubscribe")
        assertEquals(0, sub.completions.get() + sub.errors.size)
    }

    @Test
    fun requestAfterCompletionIsANoOpEvenWhenNotPositive() {
        val sub = Counting<Int>()
        subscribeFlow(listOf(1, 2).asFlow(), sub, Dispatchers.IO)
        assertTrue(sub.subscribed.await(10, TimeUnit.SECONDS))
        sub.subscription.request(5)
        assertTrue(sub.done.await(10, TimeUnit.SECONDS))
        sub.subscription.request(0)
        sub.subscription.request(-1)
        Thread.sleep(100)
        assertEquals(1, sub.completions.get())
        assertTrue(sub.errors.isEmpty())
    }
}
