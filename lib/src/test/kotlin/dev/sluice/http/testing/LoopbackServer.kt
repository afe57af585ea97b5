package dev.sluice.http.testing

import java.io.BufferedInputStream
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.SocketException
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger

/**
 * A raw HTTP/1.1 server on 127.0.0.1 (free port) for tests: one request per connection, a
 * thread per connection, every connection closed when its handler returns. It counts open
 * connections, so tests can check that a client closed its side, and records every request.
 */
class LoopbackServer(private val handler: Handler) : AutoCloseable {
    fun interface Handler {
        @Throws(IOException::class, InterruptedException::class)
        fun handle(exchange: Exchange)
    }

    class Recorded(val method: String, val path: String, val headers: Map<String, String>, val body: ByteArray) {
        fun header(name: String): String? = headers[name.lowercase()]
    }

    class Exchange internal constructor(
        val request: Recorded,
        private val socket: Socket,
        private val output: OutputStream,
    ) {
        val method: String get() = request.method
        val path: String get() = request.path
        fun header(name: String): String? = request.header(name)

        /** A complete response with Content-Length. */
        @JvmOverloads
        @Throws(IOException::class)
        fun respond(status: Int, contentType: String?, body: ByteArray, extraHeaders: Map<String, String> = emptyMap()) {
            val headers = LinkedHashMap<String, String>()
            if (contentType != null) headers["Content-Type"] = contentType
            headers["Content-Length"] = body.size.toString()
            headers.putAll(extraHeaders)
            head(status, headers)
            output.write(body)
            output.flush()
        }

        @JvmOverloads
        @Throws(IOException::class)
        fun respond(status: Int, contentType: String?, body: String, extraHeaders: Map<String, String> = emptyMap()) =
            respond(status, contentType, body.toByteArray(), extraHeaders)

        /** Writes the status line and headers (plus `Connection: close`); the body follows with [write]. */
        @Throws(IOException::class)
        fun head(status: Int, headers: Map<String, String>) {
            val sb = StringBuilder("HTTP/1.1 $status ${reason(status)}\r\n")
            headers.forEach { (k, v) -> sb.append(k).append(": ").append(v).append("\r\n") }
            sb.append("Connection: close\r\n\r\n")
            output.write(sb.toString().toByteArray(Charsets.ISO_8859_1))
            output.flush()
        }

        /** Starts a chunked body; send pieces with [chunk], end with [endChunks]. */
        @JvmOverloads
        @Throws(IOException::class)
        fun startChunked(status: Int, contentType: String, extraHeaders: Map<String, String> = emptyMap()) =
            head(status, mapOf("Content-Type" to contentType, "Transfer-Encoding" to "chunked") + extraHeaders)

        @Throws(IOException::class)
        fun chunk(bytes: ByteArray) {
            if (bytes.isEmpty()) return
            output.write("${Integer.toHexString(bytes.size)}\r\n".toByteArray(Charsets.ISO_8859_1))
            output.write(bytes)
            output.write("\r\n".toByteArray(Charsets.ISO_8859_1))
            output.flush()
        }

        @Throws(IOException::class)
        fun chunk(text: String) = chunk(text.toByteArray())

        @Throws(IOException::class)
        fun endChunks() {
            output.write("0\r\n\r\n".toByteArray(Charsets.ISO_8859_1))
            output.flush()
        }

        @JvmOverloads
        @Throws(IOException::class)
        fun write(bytes: ByteArray, offset: Int = 0, length: Int = bytes.size) {
            output.write(bytes, offset, length)
        }

        @Throws(IOException::class)
        fun flush() = output.flush()

        /**
         * Cuts the connection in the middle of the response: what was written still arrives, then
         * the client sees the end of the stream before the body is complete.
         */
        fun drop() {
            try {
                output.flush()
                socket.shutdownOutput()
            } catch (_: IOException) {
            }
            socket.close()
        }
    }

    private val server = ServerSocket()
    private val sockets: MutableSet<Socket> = ConcurrentHashMap.newKeySet()
    private val threads = CopyOnWriteArrayList<Thread>()
    private val open = AtomicInteger()
    private val total = AtomicInteger()
    val requests: MutableList<Recorded> = CopyOnWriteArrayList()
    /** Handler failures other than the client going away (a test may assert there were none). */
    val failures: MutableList<Throwable> = CopyOnWriteArrayList()

    init {
        server.bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024)
        Thread(::acceptLoop, "loopback-accept").also { it.isDaemon = true; it.start(); threads += it }
    }

    val port: Int get() = server.localPort
    val url: String get() = "http://127.0.0.1:$port"
    val openConnections: Int get() = open.get()
    val totalConnections: Int get() = total.get()

    /** Waits (bounded) until at most [count] connections are open; returns whether that happened. */
    @JvmOverloads
    fun awaitOpenConnectionsAtMost(count: Int, timeoutMillis: Long = 10_000): Boolean {
        val deadline = System.nanoTime() + timeoutMillis * 1_000_000
        while (System.nanoTime() < deadline) {
            if (open.get() <= count) return true
            Thread.sleep(10)
        }
        return open.get() <= count
    }

    /** Waits (bounded) until at least [count] requests were received. */
    @JvmOverloads
    fun awaitRequests(count: Int, timeoutMillis: Long = 10_000): Boolean {
        val deadline = System.nanoTime() + timeoutMillis * 1_000_000
        while (System.nanoTime() < deadline) {
            if (requests.size >= count) return true
            Thread.sleep(5)
        }
        return requests.size >= count
    }

    private fun acceptLoop() {
        while (!server.isClosed) {
            val socket = try {
                server.accept()
            } catch (_: IOException) {
                return
            }
            open.incrementAndGet()
            total.incrementAndGet()
            sockets += socket
            val t = Thread({ serve(socket) }, "loopback-conn-${total.get()}")
            t.isDaemon = true
            threads += t
            t.start()
        }
    }

    private fun serve(socket: Socket) {
        try {
            socket.tcpNoDelay = true
            val input = BufferedInputStream(socket.getInputStream())
            val request = readRequest(input) ?: return
            requests += request
            handler.handle(Exchange(request, socket, socket.getOutputStream()))
            socket.getOutputStream().flush()
        } catch (_: IOException) {
            // the client went away (or the test dropped the connection): that is what tests provoke
        } catch (_: InterruptedException) {
        } catch (t: Throwable) {
            failures += t
        } finally {
            try {
                socket.close()
            } catch (_: IOException) {
            }
            sockets -= socket
            open.decrementAndGet()
        }
    }

    private fun readRequest(input: InputStream): Recorded? {
        val requestLine = readLine(input) ?: return null
        val parts = requestLine.split(' ')
        val headers = LinkedHashMap<String, String>()
        while (true) {
            val line = readLine(input) ?: return null
            if (line.isEmpty()) break
            val colon = line.indexOf(':')
            if (colon > 0) headers[line.substring(0, colon).trim().lowercase()] = line.substring(colon + 1).trim()
        }
        val length = headers["content-length"]?.toIntOrNull() ?: 0
        val body = ByteArray(length)
        var read = 0
        while (read < length) {
            val n = input.read(body, read, length - read)
            if (n < 0) break
            read += n
        }
        return Recorded(parts[0], parts.getOrElse(1) { "/" }, headers, body)
    }

    private fun readLine(input: InputStream): String? {
        val buf = ByteArrayOutputStream()
        while (true) {
            val b = input.read()
            if (b < 0) return if (buf.size() == 0) null else buf.toString("ISO-8859-1")
            if (b == '\n'.code) return buf.toString("ISO-8859-1").removeSuffix("\r")
            buf.write(b)
        }
    }

    override fun close() {
        try {
            server.close()
        } catch (_: IOException) {
        }
        sockets.forEach {
            try {
                it.close()
            } catch (_: IOException) {
            }
        }
        threads.forEach { it.join(5_000) }
    }
}

private fun reason(status: Int): String = when (status) {
    200 -> "OK"
    204 -> "No Content"
    400 -> "Bad Request"
    401 -> "Unauthorized"
    404 -> "Not Found"
    429 -> "Too Many Requests"
    500 -> "Internal Server Error"
    503 -> "Service Unavailable"
    else -> "Status"
}
