@file:JvmName("PacedServer")

package dev.sluice.bench.load

import java.io.BufferedOutputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.nio.ByteBuffer
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.time.Instant
import java.util.PriorityQueue
import kotlin.concurrent.thread

/**
 * The load programs' server, run in its own JVM: prints `PORTS <paced> <bulk>` and serves until
 * its standard input closes.
 *
 * Paced port: any request gets an OpenAI chat stream of 100-200 tokens (by connection number), one
 * every [PACE_MICROS], from one NIO thread. Each token's text is ` t<scheduled µs>_<written µs>`
 * (epoch micros), so the client measures delay from write and lateness against the schedule.
 * Bulk port: `GET /<MB>` answers that many MiB of bytes, as fast as the socket takes them;
 * `POST /chat/<tokens>/...` answers an OpenAI chat stream of that many tokens as fast as the socket
 * takes them, one write (and one HTTP chunk) per token, as a real server sends them;
 * `POST /chat-coalesced/<tokens>/...` the same chunks written 64 KiB at a time, so the server's
 * writes cost little and the reader's own cost per token shows.
 */
public fun main() {
    val selector = Selector.open()
    val server = ServerSocketChannel.open().bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16_384)
    server.configureBlocking(false)
    server.register(selector, SelectionKey.OP_ACCEPT)
    val bulk = ServerSocket(0, 64, InetAddress.getLoopbackAddress())
    thread(isDaemon = true, name = "bulk-accept") { serveBulk(bulk) }
    println("PORTS ${(server.localAddress as InetSocketAddress).port} ${bulk.localPort}")
    System.out.flush()
    thread(isDaemon = true, name = "stdin-watch") { System.`in`.read(); System.exit(0) }
    PacedLoop(selector).run()
}

private const val PACE_MICROS = 20_000L

private class Stream(val channel: SocketChannel, val tokens: Int) {
    val request = ByteBuffer.allocate(16_384)
    var started = false
    var startMicros = 0L
    var sent = 0
    var dueMicros = 0L
    var pending: ByteBuffer? = null
}

private class PacedLoop(private val selector: Selector) {
    private val due = PriorityQueue<Stream>(compareBy { it.dueMicros })
    private var connections = 0

    fun run() {
        while (true) {
            val next = due.peek()?.dueMicros
            val wait = if (next == null) 100L else maxOf(0L, (next - now()) / 1000)
            if (wait == 0L) selector.selectNow() else selector.select(wait)
            val keys = selector.selectedKeys().iterator()
            while (keys.hasNext()) {
                val key = keys.next()
                keys.remove()
                if (key.isAcceptable) accept(key) else if (key.isReadable) read(key)
            }
            val t = now()
            while (due.isNotEmpty() && due.peek().dueMicros <= t) {
                val s = due.poll()
                if (emit(s)) due.add(s)
            }
        }
    }

    private fun accept(key: SelectionKey) {
        while (true) {
            val channel = (key.channel() as ServerSocketChannel).accept() ?: return
            channel.configureBlocking(false)
            channel.socket().tcpNoDelay = true
            val stream = Stream(channel, 100 + (connections++ % 101))
            channel.register(selector, SelectionKey.OP_READ, stream)
        }
    }

    private fun read(key: SelectionKey) {
        val s = key.attachment() as Stream
        val n = try { s.channel.read(s.request) } catch (e: java.io.IOException) { -1 }
        if (n < 0) { key.cancel(); s.channel.close(); s.started = true; return }
        if (s.started) { s.request.clear(); return }
        val text = String(s.request.array(), 0, s.request.position(), Charsets.ISO_8859_1)
        if (!text.contains("\r\n\r\n")) return
        s.started = true
        s.request.clear() // the request body, if any, is read and dropped from now on
        s.startMicros = now()
        s.dueMicros = s.startMicros
        write(s, ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").toByteArray())
        write(s, chunk("data: {\"id\":\"chatcmpl-load\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"load\"," +
            "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"))
        due.add(s)
    }

    /** Writes the next token (or the end); false when the stream is over. */
    private fun emit(s: Stream): Boolean {
        if (!s.channel.isOpen) return false
        val written = now()
        if (s.sent < s.tokens) {
            write(s, chunk("data: {\"id\":\"chatcmpl-load\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"load\"," +
                "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" t${s.dueMicros}_$written\"},\"finish_reason\":null}]}\n\n"))
            s.sent++
            s.dueMicros = s.startMicros + (s.sent + 1) * PACE_MICROS
            return true
        }
        write(s, chunk("data: {\"id\":\"chatcmpl-load\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"load\"," +
            "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"))
        write(s, "0\r\n\r\n".toByteArray())
        flushBlocking(s)
        s.channel.close()
        return false
    }

    private fun chunk(event: String): ByteArray {
        val body = event.toByteArray()
        return (Integer.toHexString(body.size) + "\r\n").toByteArray() + body + "\r\n".toByteArray()
    }

    private fun write(s: Stream, bytes: ByteArray) {
        val pending = s.pending
        val buffer = if (pending != null && pending.hasRemaining()) {
            ByteBuffer.allocate(pending.remaining() + bytes.size).put(pending).put(bytes).flip()
        } else {
            ByteBuffer.wrap(bytes)
        }
        try { s.channel.write(buffer) } catch (e: java.io.IOException) { s.channel.close(); return }
        s.pending = if (buffer.hasRemaining()) buffer else null
    }

    private fun flushBlocking(s: Stream) {
        val deadline = System.nanoTime() + 2_000_000_000L
        while (s.pending?.hasRemaining() == true && System.nanoTime() < deadline && s.channel.isOpen) {
            try { s.channel.write(s.pending) } catch (e: java.io.IOException) { return }
        }
    }
}

internal fun now(): Long {
    val i = Instant.now()
    return i.epochSecond * 1_000_000 + i.nano / 1000
}

private fun serveBulk(server: ServerSocket) {
    while (true) {
        val socket = server.accept()
        thread(isDaemon = true, name = "bulk") {
            socket.use {
                val input = it.getInputStream().bufferedReader(Charsets.ISO_8859_1)
                val line = input.readLine() ?: return@thread
                var length = 0
                while (true) {
                    val header = input.readLine()
                    if (header.isNullOrEmpty()) break
                    if (header.startsWith("content-length:", ignoreCase = true)) length = header.substringAfter(':').trim().toInt()
                }
                val path = line.split(' ')[1]
                if (path.startsWith("/chat/") || path.startsWith("/chat-coalesced/")) {
                    repeat(length) { _ -> input.read() } // the request body, read so closing sends no reset
                    serveChat(it.getOutputStream(), path.split('/')[2].toInt(), flushEach = path.startsWith("/chat/"))
                    return@thread
                }
                val mb = path.trim('/').toLong()
                val out = BufferedOutputStream(it.getOutputStream(), 1 shl 16)
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${mb shl 20}\r\nConnection: close\r\n\r\n".toByteArray())
                val block = ByteArray(1 shl 16) { i -> ('a' + i % 26).code.toByte() }
                repeat((mb shl 4).toInt()) { out.write(block) }
                out.flush()
            }
        }
    }
}

/** An unpaced OpenAI chat stream of [tokens] one-word tokens, each chunk written on its own if [flushEach], else 64 KiB at a time. */
private fun serveChat(socket: java.io.OutputStream, tokens: Int, flushEach: Boolean) {
    val out = BufferedOutputStream(socket, 1 shl 16)
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n" +
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").toByteArray())
    fun event(delta: String, finish: String) {
        val body = ("data: {\"id\":\"chatcmpl-e2e\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"e2e\"," +
            "\"choices\":[{\"index\":0,\"delta\":{$delta},\"finish_reason\":$finish}]}\n\n").toByteArray()
        out.write((Integer.toHexString(body.size) + "\r\n").toByteArray())
        out.write(body)
        out.write("\r\n".toByteArray())
        if (flushEach) out.flush()
    }
    event("\"role\":\"assistant\",\"content\":\"\"", "null")
    for (i in 1..tokens) event("\"content\":\" w$i\"", "null")
    event("", "\"stop\"")
    val done = "data: [DONE]\n\n".toByteArray()
    out.write((Integer.toHexString(done.size) + "\r\n").toByteArray())
    out.write(done)
    out.write("\r\n0\r\n\r\n".toByteArray())
    out.flush()
}
