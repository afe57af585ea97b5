package dev.sluice.sse

import dev.sluice.OutputWriteException
import dev.sluice.internal.sse.OutputStreamSink
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.OutputStream
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ScheduledFuture
import java.util.concurrent.ScheduledThreadPoolExecutor
import java.util.concurrent.TimeUnit
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue

@Timeout(20)
class SseWriterTest {
    @Test
    fun everyFrameIsFlushedWholeAsItIsWritten() {
        val out = FlushRecorder()
        SseWriter(out).use { sse ->
            sse.data("a")
            assertEquals(listOf("data: a\n\n"), out.flushed, "flushed before the next write")
            sse.event("delta", "b\nc")
            sse.event("done", "", "2")
            sse.comment("hi")
            sse.retry(Duration.ofSeconds(2))
        }
        assertEquals(
            listOf("data: a\n\n", "event: delta\ndata: b\ndata: c\n\n", "event: done\nid: 2\ndata:\n\n", ": hi\n\n", "retry: 2000\n\n"),
            out.flushed,
        )
        assertEquals("", out.pending(), "nothing written without a flush")
        assertTrue(out.closed, "close() closes the stream")
    }

    @Test
    fun aFailedStreamFailsThisAndEveryLaterWrite() {
        val out = object : OutputStream() {
            override fun write(b: Int) = throw IOException("Broken pipe")
        }
        val sse = SseWriter(out)
        val first = assertFailsWith<OutputWriteException> { sse.data("a") }
        assertEquals("Broken pipe", first.cause?.message)
        val second = assertFailsWith<OutputWriteException> { sse.data("b") }
        assertContains(second.message!!, "earlier write")
        sse.close()
        assertFailsWith<IllegalStateException> { sse.data("c") }
    }

    @Test
    fun keepAliveIsWrittenOnlyAfterAWholeIntervalWithoutWrites() {
        val scheduler = ManualScheduler()
        val out = FlushRecorder()
        var now = 0L
        val sse = SseWriter(OutputStreamSink(out), SECONDS_10, scheduler, { now })
        assertEquals(SECONDS_10, scheduler.next().delayNanos, "first check one interval after creation")

        now = 4 * SECOND
        sse.data("a")
        now = SECONDS_10
        scheduler.runNext()
        assertEquals(listOf("data: a\n\n"), out.flushed, "a write 6 s ago: no keep-alive yet")
        assertEquals(4 * SECOND, scheduler.next().delayNanos, "the next check is when the interval since the write ends")

        now = 14 * SECOND
        scheduler.runNext()
        assertEquals(listOf("data: a\n\n", ": keep-alive\n\n"), out.flushed)
        assertEquals(SECONDS_10, scheduler.next().delayNanos)

        sse.close()
        assertTrue(scheduler.pending().isEmpty(), "close cancels the check: ${scheduler.pending()}")
        assertFalse(scheduler.isShutdown, "a scheduler passed in stays the caller's")
        scheduler.shutdownNow()
    }

    @Test
    fun aFailedKeepAliveStopsTheTimerAndFailsTheNextWrite() {
        val scheduler = ManualScheduler()
        var failing = false
        val out = object : OutputStream() {
            override fun write(b: Int) {
                if (failing) throw IOException("reset by peer")
            }
        }
        var now = 0L
        val sse = SseWriter(OutputStreamSink(out), SECONDS_10, scheduler, { now })
        failing = true
        now = SECONDS_10
        scheduler.runNext()
        assertTrue(scheduler.pending().isEmpty(), "no more checks after a failure")
        val e = assertFailsWith<OutputWriteException> { sse.data("late") }
        assertIs<IOException>(e.cause)
        sse.close()
        scheduler.shutdownNow()
    }

    @Test
    fun ownKeepAliveThreadWritesCommentsAndEndsWithClose() {
        val sawKeepAlive = CountDownLatch(1)
        val out = object : ByteArrayOutputStream() {
            override fun flush() {
                if (toString(Charsets.UTF_8).endsWith(": keep-alive\n\n")) sawKeepAlive.countDown()
            }
        }
        val sse = SseWriter(out, Duration.ofMillis(20))
        sse.data("first")
        assertTrue(sawKeepAlive.await(10, TimeUnit.SECONDS), "a keep-alive after 20 ms without writes")
        sse.close()
        for (t in Thread.getAllStackTraces().keys.filter { it.name == "sluice-sse-keepalive" }) t.join(5_000)
        assertTrue(Thread.getAllStackTraces().keys.none { it.name == "sluice-sse-keepalive" && it.isAlive }, "the writer's own thread ended")
        val text = out.toString(Charsets.UTF_8)
        assertTrue(text.contains("data: first\n\n") && text.contains(": keep-alive\n\n"), text)
    }

    @Test
    fun keepAliveIntervalMustBePositive() {
        assertFailsWith<IllegalArgumentException> { SseWriter(ByteArrayOutputStream(), Duration.ZERO) }
        assertFailsWith<IllegalArgumentException> { SseWriter(ByteArrayOutputStream(), Duration.ofSeconds(-1)) }
    }

    @Test
    fun closeIsIdempotent() {
        val out = FlushRecorder()
        val sse = SseWriter(out)
        sse.close()
        sse.close()
        assertTrue(sse.isClosed)
        assertEquals(1, out.closes)
    }

    /** Records what each flush pushed out. */
    private class FlushRecorder : OutputStream() {
        private val buffer = ByteArrayOutputStream()
        val flushed = ArrayList<String>()
        var closed = false
        var closes = 0

        override fun write(b: Int) = buffer.write(b)

        override fun write(b: ByteArray, off: Int, len: Int) = buffer.write(b, off, len)

        override fun flush() {
            flushed += buffer.toString(Charsets.UTF_8)
            buffer.reset()
        }

        fun pending(): String = buffer.toString(Charsets.UTF_8)

        override fun close() {
            closed = true
            closes++
        }
    }

    private companion object {
        const val SECOND = 1_000_000_000L
        const val SECONDS_10 = 10 * SECOND
    }
}

/** A scheduler whose tasks run only when the test says so; their delays are recorded. */
internal class ManualScheduler : ScheduledThreadPoolExecutor(1) {
    class Task(val command: Runnable, val delayNanos: Long, val future: ScheduledFuture<*>) {
        override fun toString(): String = "Task(delay=$delayNanos ns, cancelled=${future.isCancelled})"
    }

    private val tasks = ArrayList<Task>()

    init {
        removeOnCancelPolicy = true
    }

    @Synchronized
    override fun schedule(command: Runnable, delay: Long, unit: TimeUnit): ScheduledFuture<*> {
        val future = super.schedule(Runnable {}, 1, TimeUnit.DAYS)
        tasks += Task(command, unit.toNanos(delay), future)
        return future
    }

    @Synchronized
    fun pending(): List<Task> = tasks.filter { !it.future.isCancelled && !it.future.isDone }

    /** The only task waiting. */
    fun next(): Task = pending().single()

    fun runNext() {
        val task = next()
        synchronized(this) { tasks.remove(task) }
        task.future.cancel(false)
        task.command.run()
    }
}
