package dev.sluice.internal.http.engine

import io.ktor.network.selector.Selectable
import io.ktor.network.selector.SelectorManager
import io.ktor.network.sockets.aSocket
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.io.IOException
import java.net.InetAddress
import java.net.ServerSocket
import java.security.MessageDigest
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread
import kotlin.random.Random
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/**
 * The engine writes a plain connection's request on the caller's coroutine ([writeToSocket]),
 * waiting on the selector while the send buffer is full, and runs `execute` on a bounded view of
 * `Dispatchers.IO`, so a burst of requests does not grow that pool to its 64 threads.
 */
class SocketWriteTest {
    /** More than loopback's send and receive buffers hold, so the writer must wait for the reader. */
    private val payload = Random(7).nextBytes(24 * 1024 * 1024)

    private fun withPeer(peer: (java.net.Socket) -> Unit, block: suspend (Selectable, SelectorManager) -> Unit) = runBlocking {
        val selector = SelectorManager(Dispatchers.IO)
        val server = ServerSocket(0, 1, InetAddress.getLoopbackAddress())
        val worker = thread(isDaemon = true, name = "socket-write-test-server") { runCatching { server.accept().use(peer) } }
        try {
            val socket = aSocket(selector).tcp().connect("127.0.0.1", server.localPort)
            try {
                withTimeout(20_000) { block(socket as Selectable, selector) }
            } finally {
                socket.close()
            }
        } finally {
            server.close()
            worker.join(5_000)
            selector.close()
        }
    }

    @Test
    fun aRequestLargerThanTheSocketBuffersArrivesWholeAndInOrder() {
        val received = MessageDigest.getInstance("SHA-256")
        var count = 0L
        withPeer({ peer ->
            val input = peer.getInputStream()
            val buffer = ByteArray(8192)
            while (count < payload.size) {
                val n = input.read(buffer)
                if (n < 0) break
                received.update(buffer, 0, n)
                count += n
            }
        }) { socket, selector ->
            writeToSocket(socket, selector, payload)
        }
        assertEquals(payload.size.toLong(), count)
        assertContentEquals(MessageDigest.getInstance("SHA-256").digest(payload), received.digest())
    }

    @Test
    fun aPeerThatClosesWithoutReadingFailsTheWriteWithAnIoException() {
        withPeer({ peer ->
            peer.getInputStream().read() // the request has started (and the connect completed)
            peer.setSoLinger(true, 0) // a reset, as a server that gives up on a request sends
            peer.close()
        }) { socket, selector ->
            assertFailsWith<IOException> { writeToSocket(socket, selector, payload) }
        }
    }

    @Test
    fun executeRunsAtMostItsParallelismAtOnce() {
        val engine = SluiceEngine(SluiceEngineConfig())
        try {
            val running = AtomicInteger()
            val started = CountDownLatch(EXECUTE_PARALLELISM)
            val oneMore = CountDownLatch(EXECUTE_PARALLELISM + 1)
            val release = CountDownLatch(1)
            runBlocking {
                repeat(EXECUTE_PARALLELISM + 4) {
                    launch(engine.dispatcher) {
                        running.incrementAndGet()
                        started.countDown()
                        oneMore.countDown()
                        release.await(10, TimeUnit.SECONDS) // blocks its thread, as a name lookup does
                    }
                }
                try {
                    assertTrue(started.await(10, TimeUnit.SECONDS), "fewer than $EXECUTE_PARALLELISM ran at once")
                    // A negative can only be shown over a while: no further task starts while these block.
                    assertFalse(oneMore.await(300, TimeUnit.MILLISECONDS), "more than $EXECUTE_PARALLELISM ran at once")
                    assertEquals(EXECUTE_PARALLELISM, running.get())
                } finally {
                    release.countDown()
                }
            }
            assertEquals(EXECUTE_PARALLELISM + 4, running.get())
        } finally {
            engine.close()
        }
    }
}
