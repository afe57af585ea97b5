package dev.sluice.internal.stream

import dev.sluice.stream.SluiceStream
import dev.sluice.stream.StreamHandler
import kotlinx.coroutines.flow.flowOf
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** The Java views' default threads: bounded together, and an executor given to a view is not. */
@Timeout(30)
class ViewDispatcherTest {
    private class Blocking(
        private val entered: List<CountDownLatch>,
        private val release: CountDownLatch,
        private val done: CountDownLatch,
        private val inside: AtomicInteger,
        private val threads: MutableSet<Thread>,
    ) : StreamHandler<Int> {
        override fun onNext(item: Int) {
            inside.incrementAndGet()
            threads.add(Thread.currentThread())
            entered.forEach { it.countDown() }
            release.await(20, TimeUnit.SECONDS) // a callback that blocks its thread
        }

        override fun onComplete() = done.countDown()
        override fun onError(error: Throwable) = done.countDown()
    }

    @Test
    fun defaultViewsRunAtMostTheirParallelismAtOnceAndAllFinish() {
        val runs = VIEW_PARALLELISM + 8
        val entered = CountDownLatch(VIEW_PARALLELISM)
        val oneMore = CountDownLatch(VIEW_PARALLELISM + 1)
        val release = CountDownLatch(1)
        val done = CountDownLatch(runs)
        val inside = AtomicInteger()
        val threads = ConcurrentHashMap.newKeySet<Thread>()
        try {
            repeat(runs) {
                SluiceStream.of(flowOf(it)).subscribe(Blocking(listOf(entered, oneMore), release, done, inside, threads))
            }
            assertTrue(entered.await(10, TimeUnit.SECONDS), "fewer than $VIEW_PARALLELISM callbacks ran at once")
            // A negative can only be shown over a while: no further callback starts while these block.
            assertFalse(oneMore.await(300, TimeUnit.MILLISECONDS), "more than $VIEW_PARALLELISM callbacks ran at once")
            assertEquals(VIEW_PARALLELISM, inside.get())
            assertEquals(VIEW_PARALLELISM, threads.size)
        } finally {
            release.countDown()
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), "runs left waiting after the callbacks returned")
        assertEquals(runs, inside.get())
    }

    @Test
    fun aViewGivenAnExecutorIsNotBoundByTheSharedLimit() {
        val runs = VIEW_PARALLELISM + 8
        val entered = CountDownLatch(runs)
        val release = CountDownLatch(1)
        val done = CountDownLatch(runs)
        val pool = Executors.newCachedThreadPool()
        try {
            repeat(runs) {
                SluiceStream.of(flowOf(it)).subscribe(
                    Blocking(listOf(entered), release, done, AtomicInteger(), ConcurrentHashMap.newKeySet()), pool,
                )
            }
            assertTrue(entered.await(10, TimeUnit.SECONDS), "an executor's runs were held to the shared limit")
        } finally {
            release.countDown()
            pool.shutdown()
        }
        assertTrue(done.await(10, TimeUnit.SECONDS))
    }
}
