@file:OptIn(io.ktor.utils.io.InternalAPI::class)

package dev.sluice.internal.http.engine

import io.ktor.network.sockets.Socket
import io.ktor.network.sockets.SocketAddress
import io.ktor.utils.io.ReaderJob
import io.ktor.utils.io.WriterJob
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.Job
import java.net.InetSocketAddress
import java.net.StandardSocketOptions
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.CoroutineContext
import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.readAvailable
import kotlinx.io.Buffer
import kotlinx.io.Source
import kotlinx.io.unsafe.UnsafeBufferOperations
import kotlinx.io.unsafe.writeToTail
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.SelectionKey
import java.nio.channels.SocketChannel

// Sluice's own reading and writing of a non-blocking socket. Ktor's `openReadChannel()` /
// `openWriteChannel()` (ktor-network 3.6.1) copy every socket through a reader and a writer
// coroutine hard-wired to `Dispatchers.IO`: under many concurrent streams that pool grows to its
// 64 threads, and each read costs a hop from that coroutine to the consumer's. Here the consumer
// reads the socket itself, on its own thread, and waits for readiness through the engine's
// [SelectorLoop] (one thread for the process); nothing runs on `Dispatchers.IO`.

/**
 * A non-blocking TCP connection waiting on [SelectorLoop]: what the engine reads and writes, and
 * the [Socket] that TLS wraps (TLS brings its own channels, so attaching them here is refused).
 * [close] closes the channel and tells the loop, which fails a read or write waiting on it.
 */
internal class NioSocket(val channel: SocketChannel, context: CoroutineContext) : Socket {
    private val closed = AtomicBoolean()
    override val socketContext: CompletableJob = Job(context[Job])
    override val coroutineContext: CoroutineContext = context + socketContext
    override val localAddress: SocketAddress get() = ktorAddress(channel.localAddress)
    override val remoteAddress: SocketAddress get() = ktorAddress(channel.remoteAddress)

    /** The input, read by its consumer. */
    val input: SocketReadChannel = SocketReadChannel(channel)

    override fun attachForReading(channel: ByteChannel): WriterJob =
        throw UnsupportedOperationException("Sluice reads its sockets through SocketReadChannel")

    override fun attachForWriting(channel: ByteChannel): ReaderJob =
        throw UnsupportedOperationException("Sluice writes its sockets through writeAll")

    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        try {
            channel.close()
        } catch (e: IOException) {
            // closing anyway
        }
        SelectorLoop.closed(channel)
        socketContext.complete()
    }

    override fun dispose() = close()

    /** Writes all of [bytes], waiting while the socket's send buffer is full. */
    suspend fun write(bytes: ByteBuffer) = writeAll(channel, bytes)

    companion object {
        /** Connects to [address] without blocking a thread; the socket is handed to [opened] before the connect completes. */
        suspend fun connect(address: InetSocketAddress, context: CoroutineContext, opened: (NioSocket) -> Unit): NioSocket {
            val channel = SocketChannel.open()
            val socket = try {
                channel.configureBlocking(false)
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true)
                NioSocket(channel, context)
            } catch (e: Throwable) {
                channel.close()
                throw e
            }
            opened(socket)
            if (!channel.connect(address)) {
                while (!channel.finishConnect()) SelectorLoop.await(channel, SelectionKey.OP_CONNECT)
            }
            return socket
        }

        private fun ktorAddress(address: java.net.SocketAddress?): SocketAddress {
            val inet = address as? InetSocketAddress ?: return io.ktor.network.sockets.InetSocketAddress("0.0.0.0", 0)
            return io.ktor.network.sockets.InetSocketAddress(inet.hostString, inet.port)
        }
    }
}

/**
 * The bytes of [channel] as a [ByteReadChannel] read by its consumer: [awaitContent] reads the
 * socket when the buffer holds too little, and suspends on [SelectorLoop] while the socket has
 * nothing. The end of the socket's input is a clean end; a failed read is thrown to the reader
 * (here and on every later wait). One reader at a time, as for any [ByteReadChannel].
 */
internal class SocketReadChannel(private val channel: SocketChannel) : ByteReadChannel {
    private val buffer = Buffer()

    @Volatile
    private var ended = false

    @Volatile
    private var failure: Throwable? = null

    override val closedCause: Throwable? get() = failure

    override val isClosedForRead: Boolean get() = (ended || failure != null) && buffer.exhausted()

    @io.ktor.utils.io.InternalAPI
    override val readBuffer: Source get() = buffer

    override suspend fun awaitContent(min: Int): Boolean {
        while (buffer.size < min) {
            failure?.let { throw it }
            if (ended) return false
            val count = try {
                readOnce()
            } catch (e: IOException) {
                if (failure == null) failure = e
                throw e
            }
            when {
                count < 0 -> ended = true
                count == 0 -> SelectorLoop.await(channel, SelectionKey.OP_READ)
            }
        }
        return true
    }

    /** One read of what the socket has, straight into the buffer's tail segment (no copy). */
    @OptIn(kotlinx.io.UnsafeIoApi::class)
    private fun readOnce(): Int {
        var count = 0
        UnsafeBufferOperations.writeToTail(buffer, 1) { target: ByteBuffer -> count = channel.read(target) }
        return count
    }

    override fun cancel(cause: Throwable?) {
        if (failure == null) failure = cause ?: IOException("the socket's input was cancelled")
    }
}

/** Writes all of [bytes] to [channel], waiting while the socket's send buffer is full. */
internal suspend fun writeAll(channel: SocketChannel, bytes: ByteBuffer) {
    while (bytes.hasRemaining()) {
        if (channel.write(bytes) == 0) SelectorLoop.await(channel, SelectionKey.OP_WRITE)
    }
}

/** Drains [source] to the socket until it closes: the write side handed to TLS, which needs a channel. */
internal suspend fun pumpToSocket(source: ByteChannel, channel: SocketChannel) {
    val chunk = ByteArray(SCRATCH_BYTES)
    while (true) {
        val count = source.readAvailable(chunk, 0, chunk.size)
        if (count < 0) return
        if (count > 0) writeAll(channel, ByteBuffer.wrap(chunk, 0, count))
    }
}

private const val SCRATCH_BYTES = 8 * 1024
