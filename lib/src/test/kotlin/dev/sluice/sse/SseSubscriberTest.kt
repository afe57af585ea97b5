package dev.sluice.sse

import dev.sluice.OutputWriteException
import dev.sluice.internal.sse.SubscriberSink
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onCompletion
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.nio.ByteBuffer
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Flow
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** The subscriber writer delivers a frame only against demand; the publisher produces only on demand. */
@Timeout(20)
class SseSubscriberTest {
    @Test
    fun writesWaitForDemandAndCloseCompletes() {
        val rec = Recorder()
        val sse = SseWriter.toSubscriber(rec)
        assertNotNull(rec.subscription, "onSubscribe is called before toSubscriber returns")
        val writer = thread(name = "sse-writer") {
            sse.data("1")
            sse.data("2")
            sse.data("3")
            sse.close()
        }
        awaitWaiting(writer)
        assertEquals(0, rec.frames.size, "no frame without demand")

        rec.subscription!!.request(1)
        assertEquals("data: 1\n\n", rec.next())
        awaitWaiting(writer)
        assertEquals(0, rec.frames.size, "one frame per request")

        rec.subscription!!.request(2)
        assertEquals("data: 2\n\n", rec.next())
        assertEquals("data: 3\n\n", rec.next())
        assertTrue(rec.completed.await(10, TimeUnit.SECONDS), "close() completes the subscriber")
        writer.join()
        assertEquals(emptyList(), rec.errors)
    }

    @Test
    fun cancelFailsTheWaitingWrite() {
        val rec = Recorder()
        val sse = SseWriter.toSubscriber(rec)
        val result = CompletableFuture<Throwable?>()
        val writer = thread { result.complete(runCatching { sse.data("never") }.exceptionOrNull()) }
        awaitWaiting(writer)
        rec.subscription!!.cancel()
        assertIs<OutputWriteException>(result.get(10, TimeUnit.SECONDS))
        sse.close()
        assertEquals(1L, rec.completed.count, "no onComplete after cancel")
        assertEquals(emptyList(), rec.frames.toList())
    }

    @Test
    fun closeEndsAWriteWaitingForDemand() {
        val rec = Recorder()
        val sse = SseWriter.toSubscriber(rec)
        val result = CompletableFuture<Throwable?>()
        val writer = thread { result.complete(runCatching { sse.data("never") }.exceptionOrNull()) }
        awaitWaiting(writer)
        sse.close()
        assertIs<OutputWriteException>(result.get(10, TimeUnit.SECONDS))
    }

    @Test
    fun nonPositiveRequestSignalsIllegalArgumentException() {
        val rec = Recorder()
        val sse = SseWriter.toSubscriber(rec)
        rec.subscription!!.request(0)
        assertFailsWith<OutputWriteException> { sse.data("x") }
        assertIs<IllegalArgumentException>(rec.errors.single())
        sse.close()
        assertEquals(1, rec.errors.size, "one terminal signal")
    }

    @Test
    fun keepAliveIsSkippedWithoutDemandAndSentWithIt() {
        val rec = Recorder()
        val sink = SubscriberSink(rec)
        sink.start()
        val scheduler = ManualScheduler()
        var now = 0L
        val sse = SseWriter(sink, 10L, scheduler, { now })
        now = 10
        scheduler.runNext()
        assertNull(rec.frames.peek(), "no demand: the keep-alive is skipped, the scheduler thread never waits")
        rec.subscription!!.request(1)
        now = 20
        scheduler.runNext()
        assertEquals(": keep-alive\n\n", rec.next())
        sse.close()
        assertTrue(scheduler.pending().isEmpty())
        scheduler.shutdownNow()
    }

    @Test
    fun publisherProducesOnDemandAndCancelStopsTheSource() {
        val sourceEnded = CompletableFuture<Throwable?>()
        val source = flow {
            var n = 0
            while (true) emit(SseEvent((++n).toString()))
        }.onCompletion { sourceEnded.complete(it) }
        val rec = Recorder()
        source.ssePublisher().subscribe(rec)
        rec.awaitSubscribed()
        rec.subscription!!.request(2)
        assertEquals("data: 1\n\n", rec.next())
        assertEquals("data: 2\n\n", rec.next())
        rec.subscription!!.cancel()
        assertIs<CancellationException>(sourceEnded.get(10, TimeUnit.SECONDS), "cancel reaches the source")
        assertTrue(rec.frames.size == 0)
    }

    /** Waits until [writer] blocks for demand (an event, not a delay). */
    private fun awaitWaiting(writer: Thread) {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (writer.state != Thread.State.WAITING) {
            check(writer.isAlive) { "the writer thread ended" }
            check(System.nanoTime() < deadline) { "the writer never waited: ${writer.state}" }
            Thread.onSpinWait()
        }
    }

    private class Recorder : Flow.Subscriber<ByteBuffer> {
        @Volatile
        var subscription: Flow.Subscription? = null
        val frames = LinkedBlockingQueue<String>()
        val errors = CopyOnWriteArrayList<Throwable>()
        val completed = CountDownLatch(1)
        private val subscribed = CountDownLatch(1)

        override fun onSubscribe(subscription: Flow.Subscription) {
            this.subscription = subscription
            subscribed.countDown()
        }

        override fun onNext(item: ByteBuffer) {
            val bytes = ByteArray(item.remaining())
            item.get(bytes)
            frames.add(String(bytes, Charsets.UTF_8))
        }

        override fun onError(throwable: Throwable) {
            errors.add(throwable)
        }

        override fun onComplete() = completed.countDown()

        fun awaitSubscribed() = check(subscribed.await(10, TimeUnit.SECONDS)) { "no onSubscribe" }

        fun next(): String = assertNotNull(frames.poll(10, TimeUnit.SECONDS), "no frame arrived")
    }
}
