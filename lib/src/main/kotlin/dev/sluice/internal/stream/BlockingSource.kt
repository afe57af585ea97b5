package dev.sluice.internal.stream

import dev.sluice.SluiceException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ChannelResult
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.io.IOException
import java.io.UncheckedIOException
import java.util.concurrent.atomic.AtomicReference

/**
 * The engine of `BlockingStream`: a coroutine collects [flow] into a channel of [capacity]
 * elements and suspends when it is full (backpressure); the consuming thread takes from it and
 * parks while it is empty. Parking goes through `runBlocking` (LockSupport), never through a
 * monitor, so a virtual thread waiting here unmounts from its carrier.
 *
 * One thread at a time consumes ([hasNext], [next]): a second thread calling either while the
 * first is inside one fails at once with [IllegalStateException] (the stream itself is untouched,
 * so no element is lost); handing the stream from one thread to the next between calls is fine.
 * [close] may come from any thread and wakes a waiting consumer at once, which then sees the end
 * of the stream.
 */
@OptIn(DelicateCoroutinesApi::class)
public class BlockingSource<T>(flow: Flow<T>, capacity: Int, context: kotlin.coroutines.CoroutineContext) {
    private val buffer = Channel<T>(capacity)

    private val producer = GlobalScope.launch(context, CoroutineStart.LAZY) {
        try {
            flow.collect { buffer.send(it) }
            buffer.close()
        } catch (e: Throwable) {
            buffer.close(e)
        }
    }

    @Volatile
    private var closed = false

    /** The thread inside [hasNext] or [next], if any. */
    private val consumer = AtomicReference<Thread?>(null)

    // Consumer-thread state (published between consumers by [consumer]).
    private var lookahead: Any? = NONE
    private var ended = false
    private var failure: Throwable? = null

    /**
     * True when an element is available; waits for it if needed. False at the end of the stream
     * and after [close]. A failure of the source is thrown, unchecked, here and on every later call.
     */
    public fun hasNext(): Boolean = consuming("hasNext") { advance() }

    private fun advance(): Boolean {
        if (closed) return false
        if (lookahead !== NONE) return true
        failure?.let { throw it }
        if (ended) return false
        producer.start()
        var result = buffer.tryReceive()
        if (result.isFailure && !result.isClosed) result = awaitElement()
        if (result.isSuccess) {
            lookahead = result.getOrThrow()
            return true
        }
        if (closed) return false
        val cause = result.exceptionOrNull()
        if (cause == null) {
            ended = true
            return false
        }
        val error = unchecked(cause)
        failure = error
        throw error
    }

    /**
     * The next element; [NoSuchElementException] at the end of the stream or after [close]. An
     * element that a `true` from [hasNext] announced is returned even if [close] came in between.
     */
    public fun next(): T = consuming("next") { take() }

    private fun take(): T {
        if (lookahead === NONE && !advance()) {
            throw NoSuchElementException(if (closed) "the stream was closed" else "the stream has no more elements")
        }
        @Suppress("UNCHECKED_CAST")
        val element = lookahead as T
        lookahead = NONE
        return element
    }

    /** Cancels the collection (closing its connection) and wakes a waiting consumer. Idempotent. */
    public fun close() {
        closed = true
        producer.cancel()
        buffer.cancel()
    }

    /** Runs [block] as the one consuming thread, or fails if another thread is consuming. */
    private inline fun <R> consuming(call: String, block: () -> R): R {
        val me = Thread.currentThread()
        if (!consumer.compareAndSet(null, me)) {
            val other = consumer.get()
            throw IllegalStateException(
                "BlockingStream.$call() called on thread '${me.name}' while thread '${other?.name}' is inside " +
                    "hasNext() or next(): a blocking stream has one consumer at a time; use one per thread, or " +
                    "hand it over between calls",
            )
        }
        try {
            return block()
        } finally {
            consumer.set(null)
        }
    }

    private fun awaitElement(): ChannelResult<T> = try {
        runBlocking { buffer.receiveCatching() }
    } catch (e: InterruptedException) {
        close()
        Thread.currentThread().interrupt()
        throw SluiceException("Interrupted while waiting for the next element; the stream was closed", e)
    }

    private fun unchecked(cause: Throwable): Throwable = when (cause) {
        is RuntimeException, is Error -> cause
        is IOException -> UncheckedIOException(cause.message ?: cause.javaClass.name, cause)
        else -> SluiceException("The stream failed: $cause", cause)
    }

    private object NONE
}
