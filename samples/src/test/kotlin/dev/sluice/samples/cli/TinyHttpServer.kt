package dev.sluice.samples.cli

import java.io.BufferedInputStream
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.InputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.CopyOnWriteArrayList

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 (free port) for CLI and sample tests: one request per
 * connection, answered by [respond] with a fixed response. A `null` content length sends a
 * close-delimited body of unknown length.
 *
 * lib's tests have their own, fuller raw server (`dev.sluice.testing.RawServer`), which samples
 * cannot see. This one stays because the `get` command and the HTTP samples need arbitrary
 * content types and broken framing, which the testkit's FakeLlmServer (LLM wire formats only) does
 * not serve, and sharing lib's server would mean a lib test-jar in every release and all of lib's
 * test classes and fixtures on samples' test classpath.
 */
class TinyHttpServer(private val respond: (path: String) -> Response) : AutoCloseable {
    class Response(val status: Int, val contentType: String?, val body: ByteArray, val announceLength: Boolean = true, val raw: Boolean = false) {
        constructor(status: Int, contentType: String?, body: String) : this(status, contentType, body.toByteArray())

        companion object {
            /** [wire] sent as it is (status line, headers, body), then the connection closes: for broken framing. */
            fun raw(wire: String) = Response(0, null, wire.toByteArray(Charsets.ISO_8859_1), raw = true)
        }
    }

    /** Request lines and headers received, one map per request (header names lower-cased). */
    val requests: MutableList<Map<String, String>> = CopyOnWriteArrayList()
    private val server = ServerSocket().apply { bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) }
    private val acceptor = Thread({ acceptLoop() }, "tiny-http").apply { isDaemon = true; start() }

    val url: String get() = "http://127.0.0.1:${server.localPort}"

    private fun acceptLoop() {
        while (!server.isClosed) {
            val socket = try {
                server.accept()
            } catch (_: IOException) {
                return
            }
            Thread({ serve(socket) }, "tiny-http-conn").apply { isDaemon = true; start() }
        }
    }

    private fun serve(socket: Socket) {
        socket.use {
            try {
                val input = BufferedInputStream(it.getInputStream())
                val requestLine = readLine(input) ?: return
                val headers = LinkedHashMap<String, String>()
                headers[":request"] = requestLine
                while (true) {
                    val line = readLine(input) ?: return
                    if (line.isEmpty()) break
                    val colon = line.indexOf(':')
                    if (colon > 0) headers[line.substring(0, colon).trim().lowercase()] = line.substring(colon + 1).trim()
                }
                requests += headers
                val response = respond(requestLine.split(' ').getOrElse(1) { "/" })
                if (response.raw) {
                    it.getOutputStream().apply { write(response.body); flush() }
                    return
                }
                val head = StringBuilder("HTTP/1.1 ${response.status} Status\r\n")
                if (response.contentType != null) head.append("Content-Type: ${response.contentType}\r\n")
                if (response.announceLength) head.append("Content-Length: ${response.body.size}\r\n")
                head.append("Connection: close\r\n\r\n")
                val out = it.getOutputStream()
                out.write(head.toString().toByteArray(Charsets.ISO_8859_1))
                out.write(response.body)
                out.flush()
            } catch (_: IOException) {
            }
        }
    }

    private fun readLine(input: InputStream): String? {
        val buf = ByteArrayOutputStream()
        while (true) {
            val b = input.read()
            if (b < 0) return null
            if (b == '\n'.code) return buf.toString("ISO-8859-1").removeSuffix("\r")
            buf.write(b)
        }
    }

    companion object {
        /** A loopback port that refuses connections: a server socket bound, then closed. */
        fun closedPort(): Int = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { it.localPort }
    }

    override fun close() {
        server.close()
        acceptor.join(5_000)
    }
}
