package dev.sluice.bench.perf

import com.openai.client.okhttp.OpenAIOkHttpClient
import com.openai.helpers.ChatCompletionAccumulator
import com.openai.models.chat.completions.ChatCompletionCreateParams
import dev.sluice.llm.LlmClient
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import kotlinx.coroutines.runBlocking
import java.io.BufferedOutputStream
import java.io.ByteArrayOutputStream
import java.io.InputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import kotlin.concurrent.thread

/**
 * The `llm-loopback` pass: `LlmClient.complete` over loopback, against a server in this JVM
 * ([loopbackServer]). The pass's thread CPU is the client's reading, framing, decoding and
 * accumulating, which happen on the caller's thread under `runBlocking`; the engine's selector
 * thread, which only wakes it, is not counted. The server and the client live as long as the JVM.
 */
internal fun llmLoopback(reads: List<ByteArray>, provider: Provider, writeEach: Boolean = false): () -> Long {
    val base = loopbackServer(reads, writeEach)
    val client = LlmClient(ProviderConfig.builder(provider).baseUrl(base).apiKey("sk-loopback").environment(emptyMap<String, String>()).build())
    val request = ChatRequest.builder().model("loopback").user("go").build()
    return { runBlocking { client.complete(request).text.length.toLong() } }
}

/**
 * The `openai-java-loopback` pass: openai-java's blocking streaming with `ChatCompletionAccumulator`
 * against the same kind of server; OkHttp reads a synchronous call's body on the caller's thread,
 * so its thread CPU is the whole client's work too.
 */
internal fun openAiJavaLoopback(reads: List<ByteArray>): () -> Long {
    val client = OpenAIOkHttpClient.builder().baseUrl(loopbackServer(reads)).apiKey("sk-loopback").maxRetries(0).build()
    val params = ChatCompletionCreateParams.builder().model("loopback").addUserMessage("go").build()
    return {
        val accumulator = ChatCompletionAccumulator.create()
        client.chat().completions().createStreaming(params).use { stream -> stream.stream().forEach { accumulator.accumulate(it) } }
        accumulator.chatCompletion().choices()[0].message().content().orElse("").length.toLong()
    }
}

/**
 * A server on loopback that answers every request on a kept-alive connection with [reads] as a
 * chunked `text/event-stream` body, one HTTP chunk per read, written 64 KiB at a time (so the server
 * costs little), or with [writeEach] one HTTP chunk per event, each written and flushed on its own,
 * as a real server sends them; returns its base URL, `http://127.0.0.1:<port>/v1`.
 */
private fun loopbackServer(reads: List<ByteArray>, writeEach: Boolean = false): String {
    val chunks = (if (writeEach) events(reads) else reads).map(::chunk)
    val pieces = if (writeEach) chunks + LAST_CHUNK else listOf(concat(chunks + LAST_CHUNK))
    val head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n".toByteArray()
    val server = ServerSocket(0, 16, InetAddress.getLoopbackAddress())
    thread(isDaemon = true, name = "loopback-accept") {
        while (true) {
            val socket = server.accept()
            thread(isDaemon = true, name = "loopback-serve") { serve(socket, head, pieces) }
        }
    }
    return "http://127.0.0.1:${server.localPort}/v1"
}

/** [data] as one HTTP chunk: its size in hex, the bytes, a line break each. */
private fun chunk(data: ByteArray): ByteArray = concat(listOf("${Integer.toHexString(data.size)}\r\n".toByteArray(), data, CRLF))

private val CRLF = "\r\n".toByteArray()
private val LAST_CHUNK = "0\r\n\r\n".toByteArray()

private fun concat(parts: List<ByteArray>): ByteArray = ByteArrayOutputStream().apply { parts.forEach { write(it) } }.toByteArray()

/** The input's events, each up to and including its blank line (`\n\n` or `\r\n\r\n`). */
private fun events(reads: List<ByteArray>): List<ByteArray> {
    val all = concat(reads)
    val out = ArrayList<ByteArray>()
    var start = 0
    var i = 0
    while (i < all.size) {
        val lf = all[i] == '\n'.code.toByte()
        val end = when {
            lf && i + 1 < all.size && all[i + 1] == '\n'.code.toByte() -> i + 2
            lf && i + 2 < all.size && all[i + 1] == '\r'.code.toByte() && all[i + 2] == '\n'.code.toByte() -> i + 3
            else -> -1
        }
        if (end > 0) {
            out += all.copyOfRange(start, end)
            start = end
            i = end
        } else {
            i++
        }
    }
    if (start < all.size) out += all.copyOfRange(start, all.size)
    return out
}

/**
 * Answers each request on [socket] (its head read to the blank line, its body to `Content-Length`)
 * with [head] and then [pieces], each written and flushed.
 */
private fun serve(socket: Socket, head: ByteArray, pieces: List<ByteArray>) {
    socket.use {
        val input = it.getInputStream().buffered()
        val out = BufferedOutputStream(it.getOutputStream(), 1 shl 16)
        while (true) {
            val length = requestBodyLength(input) ?: return
            repeat(length) { input.read() }
            out.write(head)
            for (piece in pieces) {
                out.write(piece)
                out.flush()
            }
        }
    }
}

/** Reads a request head; its `Content-Length` (0 without one), or null at the end of the connection. */
private fun requestBodyLength(input: InputStream): Int? {
    val line = StringBuilder()
    var length = 0
    var empty = true
    while (true) {
        val c = input.read()
        if (c < 0) return null
        if (c == '\n'.code) {
            val text = line.toString().trimEnd('\r')
            line.setLength(0)
            if (text.isEmpty()) {
                if (empty) continue
                return length
            }
            empty = false
            if (text.startsWith("content-length:", ignoreCase = true)) length = text.substringAfter(':').trim().toInt()
        } else {
            line.append(c.toChar())
        }
    }
}
