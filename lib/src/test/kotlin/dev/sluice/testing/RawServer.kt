package dev.sluice.testing

import java.io.BufferedInputStream
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.ExecutorService
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.TimeUnit
import javax.net.ssl.SSLContext

/**
 * The one raw HTTP/1.1 server of lib's tests (Kotlin and Java alike): it binds 127.0.0.1 on a
 * free port when constructed and stops in [close], so a test starts and stops it itself
 * (`use { }` / try-with-resources).
 *
 * Each accepted connection is read for one request ([Request]: request line, headers,
 * `Content-Length` body; a first line that is not HTTP, as in the line protocol of the stream
 * tests, comes as [Request.line] alone) and then handed with its socket to the [Handler] as an
 * [Exchange]. The handler may answer properly ([Exchange.respond], chunked with
 * [Exchange.startChunked]) or misbehave: write any bytes ([Exchange.write]: wrong chunk sizes,
 * broken headers), [Exchange.trickle], stall until the client goes away
 * ([Exchange.awaitClientClose]), cut the body short ([Exchange.drop]) or reset the connection
 * ([Exchange.reset]). When the handler returns, the connection is closed.
 *
 * Every loop is bounded: reads time out after [readTimeoutMillis], a request line or header is at
 * most 64 KiB, and [close] waits at most 10 s for the connection threads.
 *
 * Leak tests read [openConnections] (accepted and not yet closed by the server, which happens when
 * the handler returns) and [acceptedConnections], and wait with [awaitOpenConnectionsAtMost] /
 * [awaitAccepted] (woken by the server, not by polling). Handler failures other than I/O errors
 * (the client going away is what tests provoke) are kept in [failures].
 *
 * @param sendBufferSize SO_SNDBUF of accepted sockets (0: the system's), small for backpressure tests
 * @param executor runs each connection (null: a new daemon thread per connection); shut down by [close]
 * @param readTimeoutMillis SO_TIMEOUT of accepted sockets: the longest any read, and so any stall, lasts
 * @param sslContext serves https with this context's key (null: plain http); the TLS handshake
 *   happens as the request is read, so a failed one ends the connection like a client leaving
 */
class RawServer @JvmOverloads constructor(
    private val sendBufferSize: Int = 0,
    private val executor: ExecutorService? = null,
    private val readTimeoutMillis: Int = 60_000,
    sslContext: SSLContext? = null,
    private val handler: Handler,
) : AutoCloseable {
    /** What the test does with one connection; throwing [IOException] counts as the client leaving. */
    fun interface Handler {
        @Throws(IOException::class, InterruptedException::class)
        fun handle(exchange: Exchange)
    }

    private val server: ServerSocket = sslContext?.serverSocketFactory?.createServerSocket() ?: ServerSocket()
    private val scheme = if (sslContext != null) "https" else "http"
    private val sockets: MutableSet<Socket> = ConcurrentHashMap.newKeySet()
    private val threads: MutableSet<Thread> = ConcurrentHashMap.newKeySet()
    private val lock = Object()
    private var open = 0
    private var accepted = 0

    /** Every request received, in arrival order. */
    val requests: MutableList<Request> = CopyOnWriteArrayList()

    /** Handler failures other than I/O errors (a test may assert there were none). */
    val failures: MutableList<Throwable> = CopyOnWriteArrayList()

    private val acceptor: Thread

    init {
        server.bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096)
        acceptor = Thread(::acceptLoop, "raw-server-accept").apply { isDaemon = true; start() }
    }

    val port: Int get() = server.localPort

    /** `http://127.0.0.1:<port>` (`https` with an SSL context), without a trailing slash. */
    val url: String get() = "$scheme://127.0.0.1:$port"

    /** Connections accepted and not yet closed by the server (it closes when the handler returns). */
    val openConnections: Int get() = synchronized(lock) { open }

    /** Connections accepted since the start. */
    val acceptedConnections: Int get() = synchronized(lock) { accepted }

    /** Waits until at most [count] connections are open; returns whether that happened in time. */
    @JvmOverloads
    fun awaitOpenConnectionsAtMost(count: Int, timeoutMillis: Long = 10_000): Boolean = await(timeoutMillis) { open <= count }

    /** Waits until at least [count] connections were accepted; returns whether that happened in time. */
    @JvmOverloads
    fun awaitAccepted(count: Int, timeoutMillis: Long = 10_000): Boolean = await(timeoutMillis) { accepted >= count }

    /**
     * Waits until a connection was accepted and none is open any more (a handler that stalls with
     * [Exchange.awaitClientClose] returns once the client closed): whether the client let go in time.
     */
    @JvmOverloads
    fun awaitClientsGone(timeoutMillis: Long = 10_000): Boolean = await(timeoutMillis) { accepted > 0 && open == 0 }

    /** Waits until at least [count] requests were received; returns whether that happened in time. */
    @JvmOverloads
    fun awaitRequests(count: Int, timeoutMillis: Long = 10_000): Boolean = await(timeoutMillis) { requests.size >= count }

    private fun await(timeoutMillis: Long, condition: () -> Boolean): Boolean {
        val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)
        synchronized(lock) {
            while (!condition()) {
                val left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())
                if (left <= 0) return false
                lock.wait(left)
            }
            return true
        }
    }

    private fun changed(block: () -> Unit) = synchronized(lock) {
        block()
        lock.notifyAll()
    }

    private fun acceptLoop() {
        while (!server.isClosed) {
            val socket = try {
                server.accept()
            } catch (_: IOException) {
                return // closed
            }
            sockets += socket
            changed { open++; accepted++ }
            try {
                if (executor != null) {
                    executor.execute { serve(socket) }
                } else {
                    Thread({ serve(socket) }, "raw-server-conn-$accepted").apply { isDaemon = true; threads += this; start() }
                }
            } catch (_: RejectedExecutionException) {
                forget(socket) // closing
            }
        }
    }

    private fun serve(socket: Socket) {
        try {
            socket.tcpNoDelay = true
            socket.soTimeout = readTimeoutMillis
            if (sendBufferSize > 0) socket.sendBufferSize = sendBufferSize
            val input = BufferedInputStream(socket.getInputStream())
            val request = Request.read(input) ?: return
            requests += request
            changed { }
            handler.handle(Exchange(request, socket, input, socket.getOutputStream()))
            socket.getOutputStream().flush()
        } catch (_: IOException) {
            // the client went away, or the handler dropped the connection: what tests provoke
        } catch (_: InterruptedException) {
            Thread.currentThread().interrupt()
        } catch (t: Throwable) {
            failures += t
        } finally {
            forget(socket)
            threads -= Thread.currentThread()
        }
    }

    private fun forget(socket: Socket) {
        try {
            socket.close()
        } catch (_: IOException) {
        }
        if (sockets.remove(socket)) changed { open-- }
    }

    /** Stops accepting, closes every connection and waits (at most 10 s) for the connection threads. */
    override fun close() {
        try {
            server.close()
        } catch (_: IOException) {
        }
        acceptor.join(10_000)
        sockets.forEach(::forget)
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        threads.forEach { it.join(maxOf(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))) }
        executor?.let {
            it.shutdownNow()
            it.awaitTermination(10, TimeUnit.SECONDS)
        }
    }

    companion object {
        /** A loopback port that refuses connections: a server socket bound, then closed. */
        @JvmStatic
        fun closedPort(): Int = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { it.localPort }
    }
}
