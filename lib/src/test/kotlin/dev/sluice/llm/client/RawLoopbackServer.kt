package dev.sluice.llm.client

import java.io.InputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.SocketTimeoutException
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/**
 * A one-connection HTTP server on 127.0.0.1 that answers with [response] (raw bytes: status line,
 * headers, body) and then, unless [closeAfterWrite], keeps the connection open until the client
 * closes it: the misbehaving server a terminal event must protect against. Tells when the client
 * closed the connection.
 */
class RawLoopbackServer(private val response: String, private val closeAfterWrite: Boolean = false) : AutoCloseable {
    private val server = ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))
    private val clientClosed = CountDownLatch(1)

    @Volatile
    private var socket: Socket? = null

    val baseUrl: String get() = "http://127.0.0.1:${server.localPort}"

    private val worker = thread(isDaemon = true, name = "raw-loopback-server") {
        try {
            server.soTimeout = 20_000
            val s = server.accept()
            socket = s
            s.soTimeout = 20_000
            readRequest(s.getInputStream())
            s.getOutputStream().apply {
                write(response.toByteArray(Charsets.UTF_8))
                flush()
            }
            if (closeAfterWrite) {
                s.close()
            } else {
                // Hold the connection: read until the client closes it (read returns -1).
                try {
                    while (s.getInputStream().read() >= 0) Unit
                    clientClosed.countDown()
                } catch (e: SocketTimeoutException) {
                    // the client never closed: awaitClientClose reports false
                } catch (e: java.io.IOException) {
                    clientClosed.countDown() // reset by the client
                }
            }
        } catch (e: java.io.IOException) {
            // server closed
        }
    }

    /** Whether the client closed the connection within [seconds]. */
    fun awaitClientClose(seconds: Long): Boolean = clientClosed.await(seconds, TimeUnit.SECONDS)

    override fun close() {
        socket?.close()
        server.close()
        worker.join(5_000)
    }

    private fun readRequest(input: InputStream) {
        val head = StringBuilder()
        while (!head.endsWith("\r\n\r\n")) {
            val b = input.read()
            if (b < 0) return
            head.append(b.toChar())
        }
        val length = head.lines().firstOrNull { it.lowercase().startsWith("content-length:") }
            ?.substringAfter(':')?.trim()?.toInt() ?: 0
        var left = length
        while (left > 0) {
            val n = input.skip(left.toLong()).toInt()
            if (n <= 0 && input.read() < 0) return
            left -= maxOf(n, 1)
        }
    }
}

/**
 * A 200 SSE response whose body is one chunk of chunked transfer encoding; without [terminate] the
 * final zero-length chunk is never sent, as by a server that keeps the stream open.
 */
fun sseResponse(body: String, terminate: Boolean = false): String {
    val bytes = body.toByteArray(Charsets.UTF_8)
    return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n" +
        "Transfer-Encoding: chunked\r\nx-request-id: req_raw\r\n\r\n" +
        Integer.toHexString(bytes.size) + "\r\n" + body + "\r\n" + (if (terminate) "0\r\n\r\n" else "")
}

fun chatChunk(content: String?, finish: String? = null): String {
    val delta = if (content == null) "{}" else """{"content":"$content"}"""
    val reason = if (finish == null) "null" else "\"$finish\""
    return """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":$delta,"finish_reason":$reason}]}""" + "\n\n"
}
