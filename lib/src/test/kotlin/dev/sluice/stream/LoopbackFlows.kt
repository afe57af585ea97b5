package dev.sluice.stream

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.suspendCancellableCoroutine
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.StandardSocketOptions
import java.nio.ByteBuffer
import java.nio.channels.AsynchronousChannelGroup
import java.nio.channels.AsynchronousSocketChannel
import java.nio.channels.CompletionHandler
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * Test-only cold flows over a real loopback socket to [LineServer], standing in for the HTTP
 * client: collecting opens a connection, and the socket is closed in `finally` whatever ends the
 * collection (completion, failure, cancellation; a read in progress is aborted by closing). The
 * socket is an NIO.2 asynchronous channel, read 8 KiB at a time only when the collector asks, so
 * thousands can be open at once without a thread each.
 */
object LoopbackFlows {
    /** Threads of the client sockets, named so leak checks can tell them apart. */
    const val IO_THREAD_PREFIX: String = "loopback-client-io-"

    private val group: AsynchronousChannelGroup by lazy {
        val n = AtomicInteger()
        AsynchronousChannelGroup.withFixedThreadPool(2) { r ->
            Thread(r, IO_THREAD_PREFIX + n.incrementAndGet()).apply { isDaemon = true }
        }
    }

    /** Collections of a loopback flow in progress right now: zero when none leaked. */
    @JvmField
    val active: AtomicInteger = AtomicInteger()

    /**
     * The element lines (without `\n` and padding) of a connection asking for [count] elements
     * (negative: endless) of [size] bytes. With [end], the flow completes at the server's `END`
     * line; without, it waits after the last element until cancelled.
     */
    @JvmStatic
    @JvmOverloads
    fun lines(port: Int, count: Long, size: Int = 0, end: Boolean = true, receiveBuffer: Int = 0): Flow<String> = flow {
        active.incrementAndGet()
        val channel = AsynchronousSocketChannel.open(group)
        try {
            if (receiveBuffer > 0) channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer)
            channel.await<Void?> { connect(InetSocketAddress(InetAddress.getLoopbackAddress(), port), null, it) }
            val request = ByteBuffer.wrap("$count $size ${if (end) 1 else 0}\n".toByteArray())
            while (request.hasRemaining()) channel.await<Int> { write(request, null, it) }
            val buf = ByteBuffer.allocate(8192)
            val line = StringBuilder()
            while (true) {
                buf.clear()
                val n = channel.await<Int> { read(buf, null, it) }
                if (n < 0) throw IOException("the server closed the connection before END")
                for (i in 0 until n) {
                    val c = buf.get(i).toInt().toChar()
                    if (c != '\n') {
                        line.append(c)
                        continue
                    }
                    val text = line.toString()
                    line.setLength(0)
                    if (text == "END") return@flow
                    emit(text.trimEnd('.'))
                }
            }
        } finally {
            channel.close()
            active.decrementAndGet()
        }
    }

    /** Starts an asynchronous operation and suspends until it ends; cancelling closes the channel. */
    private suspend fun <R> AsynchronousSocketChannel.await(start: AsynchronousSocketChannel.(CompletionHandler<R, Any?>) -> Unit): R =
        suspendCancellableCoroutine { cont ->
            cont.invokeOnCancellation { close() }
            start(object : CompletionHandler<R, Any?> {
                override fun completed(result: R, attachment: Any?) = cont.resume(result)
                override fun failed(error: Throwable, attachment: Any?) {
                    if (cont.isActive) cont.resumeWithException(error)
                }
            })
        }

    /** An in-memory flow of the longs `0 until count` (negative: endless), for the TCK's plain runs. */
    @JvmStatic
    fun longs(count: Long): Flow<Long> =
        (if (count < 0) generateSequence(0L) { it + 1 } else (0L until count).asSequence()).asFlow()

    /** [flow] with [action] called on each element before it goes downstream (progress hooks). */
    @JvmStatic
    fun <T> peek(flow: Flow<T>, action: java.util.function.Consumer<T>): Flow<T> = flow.onEach { action.accept(it) }

    /** A flow that fails with [error] before emitting anything. */
    @JvmStatic
    fun <T> failing(error: Throwable): Flow<T> = flow { throw error }

    /** A flow that emits [elements] and then fails with [error]. */
    @JvmStatic
    fun <T> failingAfter(elements: List<T>, error: Throwable): Flow<T> = flow {
        elements.forEach { emit(it) }
        throw error
    }
}
