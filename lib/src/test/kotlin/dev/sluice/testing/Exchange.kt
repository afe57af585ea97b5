package dev.sluice.testing

import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.net.Socket
import java.net.SocketTimeoutException

/**
 * One request received by [RawServer]. [line] is the first line as sent; for HTTP it is parsed
 * into [method] and [path], [headers] (names lower-cased) and the `Content-Length` [body]. A first
 * line that is not HTTP ([isHttp] false) is all there is: nothing more is read.
 */
class Request(val line: String, val method: String, val path: String, val headers: Map<String, String>, val body: ByteArray) {
    val isHttp: Boolean get() = method.isNotEmpty()

    fun header(name: String): String? = headers[name.lowercase()]

    internal companion object {
        private const val MAX_LINE = 64 * 1024

        fun read(input: InputStream): Request? {
            val line = readLine(input) ?: return null
            val parts = line.split(' ')
            if (parts.size != 3 || !parts[2].startsWith("HTTP/")) return Request(line, "", "", emptyMap(), ByteArray(0))
            val headers = LinkedHashMap<String, String>()
            while (true) {
                val header = readLine(input) ?: return null
                if (header.isEmpty()) break
                val colon = header.indexOf(':')
                if (colon > 0) headers[header.substring(0, colon).trim().lowercase()] = header.substring(colon + 1).trim()
            }
            val length = headers["content-length"]?.toIntOrNull() ?: 0
            val body = ByteArray(length)
            var read = 0
            while (read < length) {
                val n = input.read(body, read, length - read)
                if (n < 0) break
                read += n
            }
            return Request(line, parts[0], parts[1], headers, body)
        }

        private fun readLine(input: InputStream): String? {
            val buf = ByteArrayOutputStream()
            while (buf.size() < MAX_LINE) {
                val b = input.read()
                if (b < 0) return if (buf.size() == 0) null else buf.toString("ISO-8859-1")
                if (b == '\n'.code) return buf.toString("ISO-8859-1").removeSuffix("\r")
                buf.write(b)
            }
            throw IOException("line longer than $MAX_LINE bytes")
        }
    }
}

/**
 * A connection of [RawServer] after its request was read: helpers for proper answers and for
 * every kind of misbehaviour, plus the raw [socket], [input] and [output] for anything else.
 * Writes throw [IOException] once the client has gone; let it propagate (the server ignores it).
 */
class Exchange internal constructor(
    val request: Request,
    val socket: Socket,
    /** The rest of the client's bytes after the request (buffered: read it, not the socket's stream). */
    val input: InputStream,
    val output: OutputStream,
) {
    val method: String get() = request.method
    val path: String get() = request.path
    fun header(name: String): String? = request.header(name)

    /** A complete response with Content-Length (and `Connection: close`). */
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

    /** Starts a chunked body; send pieces with [chunk], end with [endChunks] (or don't). */
    @JvmOverloads
    @Throws(IOException::class)
    fun startChunked(status: Int, contentType: String, extraHeaders: Map<String, String> = emptyMap()) =
        head(status, mapOf("Content-Type" to contentType, "Transfer-Encoding" to "chunked") + extraHeaders)

    /** One well-formed chunk, flushed. For broken chunking, [write] the bytes yourself. */
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

    /** Raw bytes, not flushed. */
    @JvmOverloads
    @Throws(IOException::class)
    fun write(bytes: ByteArray, offset: Int = 0, length: Int = bytes.size) = output.write(bytes, offset, length)

    /** Raw text (ISO-8859-1, so any byte can be spelled), flushed. */
    @Throws(IOException::class)
    fun writeRaw(text: String) {
        output.write(text.toByteArray(Charsets.ISO_8859_1))
        output.flush()
    }

    @Throws(IOException::class)
    fun flush() = output.flush()

    /**
     * Writes [bytes] [pieceSize] bytes at a time, flushing and pausing [pauseMillis] after each:
     * a slow server. Ends with an [IOException] as soon as the client has gone.
     */
    @Throws(IOException::class, InterruptedException::class)
    fun trickle(bytes: ByteArray, pieceSize: Int, pauseMillis: Long) {
        var at = 0
        while (at < bytes.size) {
            val n = minOf(pieceSize, bytes.size - at)
            output.write(bytes, at, n)
            output.flush()
            at += n
            if (at < bytes.size) Thread.sleep(pauseMillis)
        }
    }

    /**
     * Stalls, reading and discarding whatever the client sends, until the client closes the
     * connection (true) or [timeoutMillis] pass (false). A stall that ends with the client.
     */
    @JvmOverloads
    fun awaitClientClose(timeoutMillis: Long = 10_000): Boolean {
        val deadline = System.nanoTime() + timeoutMillis * 1_000_000
        val buf = ByteArray(1024)
        try {
            while (true) {
                val left = (deadline - System.nanoTime()) / 1_000_000
                if (left <= 0) return false
                socket.soTimeout = left.toInt().coerceAtLeast(1)
                if (input.read(buf) < 0) return true
            }
        } catch (_: SocketTimeoutException) {
            return false
        } catch (_: IOException) {
            return true // reset by the client, or closed by the test
        }
    }

    /**
     * Ends the connection mid-response: what was written still arrives, then the client sees the
     * end of the stream (FIN) before the body is complete.
     */
    fun drop() {
        try {
            output.flush()
            socket.shutdownOutput()
        } catch (_: IOException) {
        }
        socket.close()
    }

    /** Aborts the connection: the client sees a reset (RST), not an orderly end. */
    fun reset() {
        try {
            socket.setSoLinger(true, 0)
        } catch (_: IOException) {
        }
        socket.close()
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
