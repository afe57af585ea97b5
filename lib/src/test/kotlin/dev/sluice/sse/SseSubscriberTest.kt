package dev.sluice.sse

import dev.sluice.OutputWriteException
import dev.sluice.internal.sse.SubscriberSink
import dev.sluice.testing.Recorder
import dev.sluice.testing.SubscriberRecorder
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onCompletion
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.nio.ByteBuffer
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/** The subscriber writer delivers a frame only against demand; the publisher produces only on demand. */
@Timeout(20)
class SseSubscriberTest {
    /** Records each frame as text, copied in `onNext` (the writer may reuse the buffer after it). */
    private class Frames : SubscriberRecorder<ByteBuffer, String>(Recorder.DEFAULT_TIMEOUT_MILLIS, { buffer ->
        val bytes = ByteArray(buffer.remaining())
        buffer.get(bytes)
        String(bytes, Charsets.UTF_8)
    })

    @Test
    fun writesWaitForDemandAndCloseCompletes() {
        val rec = Frames()
        val sse = SseWriter.toSubscriber(rec)
        assertNotNull(rec.subscription, "onSubscribe is called before toSubscriber returns")
        val writer = thread(name = "sse-writer") {
            sse.data("1")
            sse.data("2")
            sse.data("3")
            sse.close()
        }
        awaitWaiting(writer)
        rec.assertExhausted() // no frame without demand

        rec.request(1)
        rec.assertItem("data: 1\n\n")
        awaitWaiting(writer)
        rec.assertExhausted() // one frame per request

        rec.request(2)
        rec.assertItems(listOf("data: 2\n\n", "data: 3\n\n"))
        rec.assertComplete() // close() completes the subscriber
        writer.join()
        rec.assertExhausted()
    }

    @Test
    fun cancelFailsTheWaitingWrite() {
        val rec = Frames()
        val sse = SseWriter.toSubscriber(rec)
        val result = CompletableFuture<Throwable?>()
        val writer = thread { result.complete(runCatching { sse.data("never") }.exceptionOrNull()) }
        awaitWaiting(writer)
        rec.cancel()
        assertIs<OutputWriteException>(result.get(10, TimeUnit.SECONDS))
        sse.close()
        rec.assertExhausted() // no frame, and no onComplete after cancel
    }

    @Test
    fun closeEndsAWriteWaitingForDemand() {
        val rec = Frames()
        val sse = SseWriter.toSubscriber(rec)
        val result = CompletableFuture<Throwable?>()
        val writer = thread { result.complete(runCatching { sse.data("never") }.exceptionOrNull()) }
        awaitWaiting(writer)
        sse.close()
        assertIs<OutputWriteException>(result.get(10, TimeUnit.SECONDS))
        rec.assertComplete()
        rec.assertExhausted()
    }

    @Test
    fun nonPositiveRequestSignalsIllegalArgumentException() {
        val rec = Frames()
        val sse = SseWriter.toSubscriber(rec)
        rec.request(0)
        kotlin.test.assertFailsWith<OutputWriteException> { sse.data("x") }
        rec.assertFailure(IllegalArgumentException::class.java)
        sse.close()
        rec.assertExhausted() // one terminal signal
    }

    @Test
    fun keepAliveIsSkippedWithoutDemandAndSentWithIt() {
        val rec = Frames()
        val sink = SubscriberSink(rec)
        sink.start()
        val scheduler = ManualScheduler()
        var now = 0L
        val sse = SseWriter(sink, 10L, scheduler, { now })
        now = 10
        scheduler.runNext()
        rec.assertExhausted() // no demand: the keep-alive is skipped, the scheduler thread never waits
        rec.request(1)
        now = 20
        scheduler.runNext()
        rec.assertItem(": keep-alive\n\n")
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
        val rec = Frames()
        source.ssePublisher().subscribe(rec)
        rec.request(2)
        rec.assertItems(listOf("data: 1\n\n", "data: 2\n\n"))
        rec.cancel()
        assertIs<CancellationException>(sourceEnded.get(10, TimeUnit.SECONDS), "cancel reaches the source")
        rec.assertExhausted() // the source ended: nothing can follow
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
}
