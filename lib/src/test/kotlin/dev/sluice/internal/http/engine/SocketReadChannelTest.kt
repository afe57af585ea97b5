package dev.sluice.internal.http.engine

import io.ktor.network.selector.SelectorManager
import io.ktor.network.selector.Selectable
import io.ktor.network.sockets.Socket
import io.ktor.network.sockets.aSocket
import io.ktor.utils.io.ClosedReadChannelException
import io.ktor.utils.io.readAvailable
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import java.io.IOException
import java.net.InetAddress
import java.net.ServerSocket
import java.util.concurrent.ArrayBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/**
 * The engine's direct socket input over real loopback connections: bytes in order across waits,
 * the end, a close under a waiting reader (an I/O failure, never a hang or a cancellation), the
 * reader's own cancellation, and a cancelled channel.
 */
class SocketReadChannelTest {
    /** A loopback server whose single accepted connection writes what [writes] hands it; null closes it. */
    private class Server : AutoCloseable {
        val socket = ServerSocket(0, 1, InetAddress.getLoopbackAddress())
        val writes = ArrayBlockingQueue<Any>(64)
        private val worker = thread(isDaemon = true, name = "socket-read-test-server") {
            runCatching {
                socket.accept().use { peer ->
                    while (true) {
                        val next = writes.poll(10, TimeUnit.SECONDS) ?: break
                        if (next !is ByteArray) break
                        peer.getOutputStream().write(next)
                        peer.getOutputStream().flush()
                    }
                }
            }
        }

        override fun close() {
            writes.offer(Unit)
            socket.close()
            worker.join(5_000)
        }
    }

    private fun withConnection(block: suspend CoroutineScope.(Server, Socket, SocketReadChannel) -> Unit) = runBlocking {
        val selector = SelectorManager(Dispatchers.IO)
        try {
            Server().use { server ->
                val socket = aSocket(selector).tcp().connect("127.0.0.1", server.socket.localPort)
                try {
                    withTimeout(10_000) { block(server, socket, SocketReadChannel(socket as Selectable, selector)) }
                } finally {
                    socket.close()
                }
            }
        } finally {
            selector.close()
        }
    }

    private suspend fun SocketReadChannel.readAll(): ByteArray {
        val out = java.io.ByteArrayOutputStream()
        val buffer = ByteArray(1000)
        while (true) {
            val n = readAvailable(buffer, 0, buffer.size)
            if (n < 0) return out.toByteArray()
            out.write(buffer, 0, n)
        }
    }

    @Test
    fun bytesWrittenAfterTheReaderWaitsArriveInOrderThenTheEnd() = withConnection { server, _, input ->
        for (piece in listOf("first ", "second ", "third")) {
            server.writes.put(piece.toByteArray())
            assertTrue(input.awaitContent(piece.length))
            val got = ByteArray(piece.length)
            assertEquals(piece.length, input.readAvailable(got, 0, got.size))
            assertEquals(piece, String(got))
        }
        val waiting = async { input.awaitContent(1) } // nothing written yet: waits on the selector
        server.writes.put(byteArrayOf(42))
        assertTrue(waiting.await())
        assertEquals(42, input.readBuffer.readByte().toInt())
        server.writes.put(Unit) // the server closes its side
        assertFalse(input.awaitContent(1))
        assertTrue(input.isClosedForRead)
    }

    @Test
    fun aBodyLargerThanOneReadArrivesWhole() = withConnection { server, _, input ->
        val body = ByteArray(1 shl 20) { (it * 31 + it / 7).toByte() }
        server.writes.put(body)
        server.writes.put(Unit)
        assertContentEquals(body, input.readAll())
    }

    @Test
    fun aCloseUnderAWaitingReaderIsAnIoFailure() = withConnection { _, socket, input ->
        val started = CompletableDeferred<Unit>()
        val reader = async {
            started.complete(Unit)
            runCatching { input.awaitContent(1) }.exceptionOrNull()
        }
        started.await()
        socket.close()
        val failure = reader.await()
        assertNotNull(failure, "the wait ended without a failure")
        assertTrue(failure is IOException, "expected an IOException, got $failure")
        assertFalse(failure is CancellationException)
    }

    @Test
    fun aSelectorClosedUnderAWaitingReaderIsAnIoFailure(): Unit = runBlocking {
        val selector = SelectorManager(Dispatchers.IO)
        Server().use { server ->
            val socket = aSocket(selector).tcp().connect("127.0.0.1", server.socket.localPort)
            try {
                val input = SocketReadChannel(socket as Selectable, selector)
                val started = CompletableDeferred<Unit>()
                val reader = async {
                    started.complete(Unit)
                    runCatching { input.awaitContent(1) }.exceptionOrNull()
                }
                started.await()
                selector.close() // the client closing under a stream: the wait ends, the reader is not cancelled
                val failure = withTimeout(10_000) { reader.await() }
                assertTrue(failure is IOException, "expected an IOException, got $failure")
            } finally {
                (socket as Selectable).channel.close() // the closed selector can no longer close it
            }
        }
    }

    @Test
    fun aReadAfterTheCloseIsAnIoFailure() = withConnection { _, socket, input ->
        socket.close()
        socket.socketContext.join() // the channel itself is closed once the socket's job ends
        val failure = runCatching { input.awaitContent(1) }.exceptionOrNull()
        assertTrue(failure is IOException, "expected an IOException, got $failure")
    }

    @Test
    fun theReadersOwnCancellationEndsItsWait() = withConnection { server, _, input ->
        val started = CompletableDeferred<Unit>()
        val reader = async {
            started.complete(Unit)
            input.awaitContent(1)
        }
        started.await()
        reader.cancel()
        assertFailsWith<CancellationException> { reader.await() }
        // A later reader (a drain after the first gave up) waits again: the abandoned wait left
        // nothing registered with the selector. It is waiting before anything is written.
        val later = async { input.awaitContent(4) }
        yield() // runs it up to its wait on the selector
        server.writes.put("late".toByteArray())
        assertTrue(later.await())
    }

    @Test
    fun aCancelledChannelRefusesFurtherReads() = withConnection { _, _, input ->
        val cause = IOException("abandoned")
        input.cancel(cause)
        assertEquals(cause, input.closedCause)
        assertTrue(input.isClosedForRead)
        val failure = assertFailsWith<ClosedReadChannelException> { input.awaitContent(1) }
        assertEquals(cause, failure.cause)
    }
}
