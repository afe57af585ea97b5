package dev.sluice.internal.testkit

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeoutOrNull
import java.io.IOException
import java.io.InputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread

/**
 * The fake server's listening socket: relays every connection, byte for byte, to the Ktor engine
 * on a private port. Ktor hides the socket, and some faults need it: closing a connection before
 * a single byte ([Link.dropClient]), and noticing that a client left while the server sends
 * nothing ([Link.awaitClientGone]). A connection costs two daemon threads while it is open;
 * backpressure passes through (a relay blocks on a full socket like the engine would).
 */
internal class FrontDoor(port: Int, private val upstreamPort: Int) : AutoCloseable {
    private val server = ServerSocket()
    private val links = ConcurrentHashMap<Int, Link>()

    init {
        try {
            server.bind(InetSocketAddress(InetAddress.getByName(LOOPBACK), port), BACKLOG)
        } catch (e: IOException) {
            server.close()
            throw e
        }
        thread(isDaemon = true, name = "sluice-fake-front-door") { acceptLoop() }
    }

    val port: Int get() = server.localPort

    /** Client connections accepted and not yet closed (by either side). */
    val openConnections: Int get() = links.size

    /** The connection whose relay to the engine uses local port [enginePeerPort] (Ktor's remote port). */
    fun link(enginePeerPort: Int): Link? = links[enginePeerPort]

    private fun acceptLoop() {
        while (true) {
            val client = try {
                server.accept()
            } catch (e: IOException) {
                return // closed
            }
            try {
                val upstream = Socket()
                upstream.tcpNoDelay = true
                upstream.connect(InetSocketAddress(InetAddress.getByName(LOOPBACK), upstreamPort))
                client.tcpNoDelay = true
                val key = upstream.localPort
                val link = Link(client, upstream) { links.remove(key) }
                links[key] = link
                link.start()
            } catch (e: IOException) {
                closeQuietly(client)
            }
        }
    }

    override fun close() {
        closeQuietly(server)
        links.values.forEach { it.close() }
    }
}

/** One relayed connection: the client's socket and the engine's. */
internal class Link(private val client: Socket, private val upstream: Socket, private val onClosed: () -> Unit) {
    private val gone = CompletableDeferred<Unit>()
    private val halvesDone = AtomicInteger()

    /** The response relayed to the client since it last sent bytes (its request, under HTTP/1.1). */
    private val answered = RelayedResponse()

    /** Bumped whenever bytes reach the client's socket, so [awaitRelayed] wakes on change. */
    private val relayedOut = MutableStateFlow(0L)

    fun start() {
        thread(isDaemon = true, name = "sluice-fake-relay-in") {
            relay({ client.getInputStream() }, upstream, toClient = false)
            gone.complete(Unit) // the client closed its side (or the connection broke)
            halfDone()
        }
        thread(isDaemon = true, name = "sluice-fake-relay-out") {
            relay({ upstream.getInputStream() }, client, toClient = true)
            halfDone()
        }
    }

    private val clientOut = Any()

    /**
     * Writes [bytes] straight onto the client's socket, after whatever the engine sent, then
     * closes the connection: framing only a raw socket can break (a malformed chunk header).
     */
    fun injectAndClose(bytes: ByteArray) {
        try {
            synchronized(clientOut) {
                client.getOutputStream().apply {
                    write(bytes)
                    flush()
                }
            }
        } catch (e: IOException) {
            // the client is gone already
        }
        close()
    }

    /**
     * Suspends until the response relayed to the client has its headers and at least [bodyBytes]
     * bytes of body (chunking taken off): so what the engine flushed is on the client's socket
     * before a fault breaks the connection. `false` if that did not happen within [timeoutMillis]
     * or the client left.
     */
    suspend fun awaitRelayed(bodyBytes: Long, timeoutMillis: Long): Boolean =
        withTimeoutOrNull(timeoutMillis) {
            relayedOut.first { isClientGone || answered.hasHeaders && answered.bodyBytes >= bodyBytes }
            !isClientGone
        } ?: false

    /** Closes the client's connection at once; the engine's side goes too. */
    fun dropClient() = close()

    /** Suspends until the client closed its side of the connection. */
    suspend fun awaitClientGone() = gone.await()

    /** Whether the client closed its side of the connection (or it broke). */
    val isClientGone: Boolean get() = gone.isCompleted

    fun close() {
        closeQuietly(client)
        closeQuietly(upstream)
        gone.complete(Unit)
        onClosed()
    }

    /**
     * Copies [source]'s stream to [target] until the end or an error, then ends [target]'s output; a
     * connection closed before the relay began (a fault that drops it at once) ends it at once.
     */
    private fun relay(source: () -> InputStream, target: Socket, toClient: Boolean) {
        val buffer = ByteArray(BUFFER_BYTES)
        try {
            val input = source()
            val out = target.getOutputStream()
            while (true) {
                val n = input.read(buffer)
                if (n < 0) break
                synchronized(clientOut) {
                    out.write(buffer, 0, n)
                    out.flush()
                }
                if (toClient) {
                    answered.append(buffer, n)
                    relayedOut.value++
                } else {
                    answered.reset() // a request: what follows is its response
                }
            }
            target.shutdownOutput()
        } catch (e: IOException) {
            close() // one side broke: the other learns it from the closed socket
        }
    }

    private fun halfDone() {
        if (halvesDone.incrementAndGet() == 2) close()
    }
}

private fun closeQuietly(closeable: AutoCloseable) {
    try {
        closeable.close()
    } catch (e: IOException) {
        // closing anyway
    }
}

private const val LOOPBACK = "127.0.0.1"
private const val BACKLOG = 1024
private const val BUFFER_BYTES = 16 * 1024
