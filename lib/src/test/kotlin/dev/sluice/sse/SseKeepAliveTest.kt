package dev.sluice.sse

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onCompletion
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.seconds

/** Keep-alive comments on virtual time: no sleeps, exact instants. */
class SseKeepAliveTest {
    private val keepAlive = SseEvent.comment("keep-alive")

    @Test
    fun commentsFillEveryIntervalWithoutAnEvent() = runTest {
        val times = ArrayList<Long>()
        val frames = flow {
            emit(SseEvent("a"))
            delay(35_000)
            emit(SseEvent("b"))
            delay(5_000)
            emit(SseEvent("c"))
        }.withKeepAlive(10.seconds).toList().also { times += currentTime }
        assertEquals(listOf(SseEvent("a"), keepAlive, keepAlive, keepAlive, SseEvent("b"), SseEvent("c")), frames)
        assertEquals(listOf(40_000L), times)
    }

    @Test
    fun theTimerRestartsWhenTheDownstreamTookTheFrame() = runTest {
        val at = ArrayList<Long>()
        flow {
            emit(SseEvent("a"))
            delay(25_000)
            emit(SseEvent("b"))
        }.withKeepAlive(10.seconds, "ping").collect { frame ->
            at += currentTime
            if (frame.data == "a") delay(4_000) // a slow write: the interval counts from its end
        }
        assertEquals(listOf(0L, 14_000L, 24_000L, 25_000L), at)
    }

    @Test
    fun sourceErrorsComeAfterTheFramesBeforeThem() = runTest {
        val seen = ArrayList<SseEvent>()
        val e = assertFailsWith<IllegalStateException> {
            flow {
                emit(SseEvent("a"))
                delay(12_000)
                throw IllegalStateException("upstream broke")
            }.withKeepAlive(10.seconds).collect { seen += it }
        }
        assertEquals("upstream broke", e.message)
        assertEquals(listOf(SseEvent("a"), keepAlive), seen)
    }

    @Test
    fun stoppingTheCollectionCancelsTheSourceAndTheTimer() = runTest {
        val sourceEnded = CompletableDeferred<Throwable?>()
        val frames = flow<SseEvent> { awaitCancellation() }
            .onCompletion { sourceEnded.complete(it) }
            .withKeepAlive(10.seconds)
            .take(2)
            .toList()
        assertEquals(listOf(keepAlive, keepAlive), frames)
        assertEquals(20_000L, currentTime)
        assertTrue(sourceEnded.await() is kotlinx.coroutines.CancellationException)
        assertTrue(currentCoroutineContext().isActive())
    }

    @Test
    fun theIntervalMustBePositive() {
        assertFailsWith<IllegalArgumentException> { flow<SseEvent> {}.withKeepAlive(0.seconds) }
        assertFailsWith<IllegalArgumentException> { flow<SseEvent> {}.withKeepAlive(java.time.Duration.ofSeconds(-1)) }
    }

    private fun kotlin.coroutines.CoroutineContext.isActive(): Boolean = this[kotlinx.coroutines.Job]?.isActive ?: true
}
