package dev.sluice.llm.memory

import java.io.BufferedOutputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import kotlin.concurrent.thread

/**
 * A loopback server answering every request with a Chat Completions stream of [totalChars]
 * characters of text in 1,000-character chunks, generated on the fly (never held in memory), then
 * `[DONE]`. It stops writing when the client closes the connection.
 */
class EndlessChatServer(private val totalChars: Long) : AutoCloseable {
    private val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    val baseUrl: String get() = "http://127.0.0.1:${server.localPort}/v1"

    init {
        thread(isDaemon = true, name = "endless-chat") {
            while (!server.isClosed) {
                val socket = try { server.accept() } catch (e: Exception) { break }
                thread(isDaemon = true) { serve(socket) }
            }
        }
    }

    private fun serve(socket: Socket) = socket.use { s ->
        val input = s.getInputStream()
        // Read the request head and its Content-Length body.
        val head = StringBuilder()
        while (!head.endsWith("\r\n\r\n")) {
            val b = input.read()
            if (b < 0) return
            head.append(b.toChar())
        }
        val length = Regex("(?i)content-length: *(\\d+)").find(head)?.groupValues?.get(1)?.toInt() ?: 0
        repeat(length) { input.read() }
        val out = BufferedOutputStream(s.getOutputStream(), 64 * 1024)
        try {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n".toByteArray())
            val piece = "x".repeat(999) + " "
            val chunk = "data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"$piece\"}}]}\n\n".toByteArray()
            var sent = 0L
            while (sent < totalChars) {
                out.write(chunk)
                sent += piece.length
            }
            out.write("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n".toByteArray())
            out.flush()
        } catch (e: Exception) {
            // The client closed the connection: stop writing.
        }
    }

    override fun close() = server.close()
}
