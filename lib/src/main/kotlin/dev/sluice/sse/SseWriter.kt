package dev.sluice.sse

import dev.sluice.OutputWriteException
import dev.sluice.internal.sse.ByteSink
import dev.sluice.internal.sse.KeepAliveTimer
import dev.sluice.internal.sse.OutputStreamSink
import dev.sluice.internal.sse.SubscriberSink
import dev.sluice.internal.sse.WaitAbortedException
import dev.sluice.internal.sse.frameBytes
import dev.sluice.internal.sse.keepAliveNanos
import dev.sluice.internal.stream.NeedsAndroidApi30
import java.io.OutputStream
import java.nio.ByteBuffer
import java.time.Duration
import java.util.concurrent.Flow
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.locks.ReentrantLock

/**
 * Writes Server-Sent Events to an [OutputStream] (a servlet response, `HttpExchange`, a socket)
 * or to a [Flow.Subscriber] ([toSubscriber]), blocking, one frame at a time, each flushed at
 * once. For Kotlin coroutines, write to a Ktor `ByteWriteChannel` with `writeSse` instead.
 *
 * ```java
 * try (SseWriter sse = new SseWriter(response.getOutputStream(), Duration.ofSeconds(15))) {
 *     sse.event("delta", "Hello");
 *     sse.write(new SseEvent("{\"done\":true}", "done", "2"));
 * }
 * ```
 *
 * What a frame may hold and how it is written is [SseEvent]'s contract: no input can inject an
 * event. The server should also send `Content-Type: text/event-stream`, `Cache-Control: no-cache`
 * and, behind nginx, `X-Accel-Buffering: no`; the writer only writes the body.
 *
 * **Keep-alive.** With an interval, a comment frame (`: keep-alive`) is written whenever nothing
 * was written for that long, so proxies and clients with idle timeouts keep the connection. The
 * check runs on [ScheduledExecutorService] you pass (share one among many writers), or else on a
 * daemon thread of the writer's own. [close] stops it; the writer's own thread ends with it, and
 * nothing stays scheduled on yours. A keep-alive is skipped while a write is in progress, and for
 * a subscriber while it has no demand.
 *
 * **Errors.** Output failures (the client went away: the stream's `IOException`, or a subscriber
 * that cancelled) raise [OutputWriteException]; the writer is then failed and every later write
 * raises one too. A keep-alive that fails is reported by the next write. Thread-safe: writes from
 * several threads are serialized, each frame whole.
 */
public class SseWriter internal constructor(
    private val sink: ByteSink,
    private val keepAliveNanos: Long,
    scheduler: ScheduledExecutorService?,
    nanoTime: () -> Long,
) : AutoCloseable {
    /** Writes to [out], without keep-alives. [close] closes [out]. */
    public constructor(out: OutputStream) : this(OutputStreamSink(out), 0, null, System::nanoTime)

    /** Writes to [out], with a keep-alive comment after each [keepAliveInterval] without a write, on a thread of its own. */
    public constructor(out: OutputStream, keepAliveInterval: Duration) :
        this(OutputStreamSink(out), keepAliveNanos(keepAliveInterval), null, System::nanoTime)

    /** Writes to [out], with keep-alives checked on [scheduler] (not shut down by [close]). */
    public constructor(out: OutputStream, keepAliveInterval: Duration, scheduler: ScheduledExecutorService) :
        this(OutputStreamSink(out), keepAliveNanos(keepAliveInterval), scheduler, System::nanoTime)

    private val lock = ReentrantLock()
    private val keepAliveFrame = frameBytes(SseEvent.comment("keep-alive"))
    private val keepAlive: KeepAliveTimer? =
        if (keepAliveNanos > 0) KeepAliveTimer(keepAliveNanos, scheduler, nanoTime, ::keepAliveTick) else null

    @Volatile
    private var closed = false

    // Guarded by lock.
    private var failure: Throwable? = null

    init {
        keepAlive?.start()
    }

    /** Whether [close] was called. */
    public val isClosed: Boolean get() = closed

    /**
     * Writes [event] and flushes it.
     *
     * @throws OutputWriteException when the output failed (now or earlier)
     * @throws IllegalStateException after [close]
     */
    public fun write(event: SseEvent) {
        val bytes = frameBytes(event)
        lock.lock()
        try {
            check(!closed) { "the SSE writer is closed" }
            failure?.let { throw OutputWriteException("an earlier write to the SSE stream failed: $it", it) }
            try {
                sink.write(bytes, wait = true)
                keepAlive?.touch()
            } catch (e: Exception) {
                // A wait ended by close(): the output is fine, so close() still ends it normally.
                if (e !is WaitAbortedException) fail(e)
                throw OutputWriteException("writing to the SSE stream failed: $e", e)
            }
        } finally {
            lock.unlock()
        }
    }

    /** Writes an event of the default type (`message`) with [data]. */
    public fun data(data: String): Unit = write(SseEvent(data))

    /** Writes an event of [type] with [data]. */
    public fun event(type: String, data: String): Unit = write(SseEvent(data, type))

    /** Writes an event of [type] with [data] and [id]. */
    public fun event(type: String, data: String, id: String): Unit = write(SseEvent(data, type, id))

    /** Writes a comment (`: text`, one line per line of [text]); clients ignore it. */
    public fun comment(text: String): Unit = write(SseEvent.comment(text))

    /** Announces the reconnection time (`retry:`, whole milliseconds). */
    public fun retry(retry: Duration): Unit = write(SseEvent.builder().retry(retry).build())

    /**
     * Stops the keep-alives and ends the output: closes the stream, or completes the subscriber.
     * Waits for a write in progress, but ends a write waiting for a subscriber's demand (which
     * then fails, and its event is not delivered; the subscriber is still completed). Idempotent.
     *
     * @throws OutputWriteException when closing the stream failed
     */
    override fun close() {
        if (closed) return
        closed = true
        keepAlive?.stop()
        sink.abortWait()
        lock.lock()
        try {
            if (failure != null) {
                sink.closeAfterFailure()
                return
            }
            try {
                sink.close()
            } catch (e: Exception) {
                throw OutputWriteException("closing the SSE stream failed: $e", e)
            }
        } finally {
            lock.unlock()
        }
    }

    private fun fail(e: Throwable) {
        failure = e
        keepAlive?.stop()
    }

    /** On the scheduler: a keep-alive frame, unless a write is in progress or one happened meanwhile. */
    @JvmSynthetic internal fun keepAliveTick() {
        val timer = keepAlive ?: return
        if (!lock.tryLock()) return
        try {
            if (closed || failure != null || timer.idleNanos() < keepAliveNanos) return
            if (sink.write(keepAliveFrame, wait = false)) timer.touch()
        } catch (e: Exception) {
            fail(e)
        } finally {
            lock.unlock()
        }
    }

    override fun toString(): String = "SseWriter(closed=$closed, failed=${failure != null})"

    public companion object {
        /**
         * A writer whose frames go to [subscriber], one [ByteBuffer] each, only as it requests them:
         * a write blocks until there is demand (or the subscriber cancels, which fails the write
         * with [OutputWriteException]). `onSubscribe` is called before this returns, on this
         * thread; `onNext` on the writing thread, `onComplete` from [close]. Keep-alives, when
         * [keepAliveInterval] is given, are skipped while the subscriber has no demand. Needs
         * Android API 30 (`java.util.concurrent.Flow`).
         *
         * For a source you can express as a Kotlin `Flow<SseEvent>`, `ssePublisher()` is the
         * non-blocking alternative: a `Flow.Publisher<ByteBuffer>` that produces on demand.
         */
        @JvmStatic
        @JvmOverloads
        @NeedsAndroidApi30
        public fun toSubscriber(
            subscriber: Flow.Subscriber<in ByteBuffer>,
            keepAliveInterval: Duration? = null,
            scheduler: ScheduledExecutorService? = null,
        ): SseWriter {
            val sink = SubscriberSink(subscriber)
            sink.start()
            val nanos = if (keepAliveInterval == null) 0 else keepAliveNanos(keepAliveInterval)
            return SseWriter(sink, nanos, scheduler, System::nanoTime)
        }
    }
}
