package dev.sluice.internal.http.engine

import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.ByteWriteChannel
import io.ktor.utils.io.readAvailable
import io.ktor.utils.io.readByte
import io.ktor.utils.io.writeFully
import java.io.IOException
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/**
 * How a response body read by [SluiceEngine] ended, carried in the response's coroutine context.
 * The body channel itself always ends cleanly, after every byte received was handed over, so a
 * reader sees all the data first; [failure] then says whether the end was honest (a terminating
 * chunk, the announced length, or a clean close of a close-delimited body) or not.
 */
internal class BodyEnding : AbstractCoroutineContextElement(BodyEnding) {
    companion object Key : CoroutineContext.Key<BodyEnding>

    /** Why the body ended early or broken; `null` for an honest end (or while still reading). */
    @Volatile
    var failure: BodyFramingException? = null
}

/** A body that broke its own framing or connection; [bytes] of body were received before. */
internal class BodyFramingException(message: String, val bytes: Long, cause: Throwable? = null) : IOException(message, cause)

/** Copies one body from [input] to [out], recording a dishonest end in [ending]. */
internal class BodyCopier(private val input: ByteReadChannel, private val out: ByteWriteChannel, private val ending: BodyEnding) {
    private val buffer = ByteArray(BUFFER_BYTES)
    private var total = 0L

    /** A `Transfer-Encoding: chunked` body: hex size lines, data, CRLF, up to the zero chunk and its trailers. */
    suspend fun chunked() = guarded {
        while (true) {
            val line = readLine() ?: throw BodyFramingException(
                "chunked body ended without its terminating chunk after $total bytes", total,
            )
            val size = parseChunkSize(line) ?: throw BodyFramingException(
                "malformed chunk header '${printable(line)}' after $total body bytes", total,
            )
            if (size == 0L) break
            copy(size) { BodyFramingException("chunked body ended inside a chunk after $total bytes", total) }
            val end = readLine()
            if (end == null) throw BodyFramingException("chunked body ended without its terminating chunk after $total bytes", total)
            if (end.isNotEmpty()) throw BodyFramingException("malformed chunk: data longer than its size after $total body bytes", total)
        }
        while (true) { // trailers up to the empty line
            val trailer = readLine() ?: throw BodyFramingException(
                "chunked body ended inside its trailers after $total bytes", total,
            )
            if (trailer.isEmpty()) break
        }
    }

    /** A body of exactly [length] bytes (`Content-Length`). */
    suspend fun exactly(length: Long) = guarded {
        copy(length) { BodyFramingException("connection closed after $total of $length announced body bytes", total) }
    }

    /** A body delimited by the end of the connection. */
    suspend fun toEnd() = guarded {
        while (true) {
            val count = input.readAvailable(buffer, 0, buffer.size)
            if (count < 0) break
            if (count > 0) deliver(count)
        }
    }

    private suspend fun copy(length: Long, short: () -> BodyFramingException) {
        var left = length
        while (left > 0) {
            val count = input.readAvailable(buffer, 0, minOf(left, buffer.size.toLong()).toInt())
            if (count < 0) throw short()
            if (count > 0) {
                deliver(count)
                left -= count
            }
        }
    }

    private suspend fun deliver(count: Int) {
        total += count
        out.writeFully(buffer, 0, count)
        out.flush()
    }

    /** One CRLF- (or LF-) terminated line, without the break; `null` at the end of the input; over-long lines fail. */
    private suspend fun readLine(): String? {
        val line = StringBuilder()
        while (true) {
            if (!input.awaitContent(1)) return null
            val byte = input.readByte().toInt() and 0xff
            if (byte == '\n'.code) return line.removeSuffix("\r").toString()
            if (line.length >= MAX_LINE_CHARS) {
                throw BodyFramingException("malformed chunk header '${printable(line)}...' after $total body bytes", total)
            }
            line.append(byte.toChar())
        }
    }

    private suspend fun guarded(block: suspend () -> Unit) {
        try {
            block()
        } catch (e: BodyFramingException) {
            ending.failure = e
        } catch (e: IOException) {
            ending.failure = BodyFramingException("connection broke after $total body bytes: ${e.message ?: e.javaClass.simpleName}", total, e)
        }
    }
}

/** The size of a chunk header line (`1a`, `1a;ext=v`), or `null` when it is not one. */
internal fun parseChunkSize(line: String): Long? {
    val digits = line.substringBefore(';').trim()
    if (digits.isEmpty() || digits.length > MAX_SIZE_DIGITS) return null
    if (digits.any { Character.digit(it, 16) < 0 }) return null
    return digits.toLong(16)
}

private fun printable(text: CharSequence): String =
    text.take(MAX_SHOWN).map { if (it.code in 0x20..0x7e) it else '?' }.joinToString("")

private const val BUFFER_BYTES = 8 * 1024
private const val MAX_LINE_CHARS = 4 * 1024
private const val MAX_SIZE_DIGITS = 15
private const val MAX_SHOWN = 32
