@file:OptIn(io.ktor.utils.io.InternalAPI::class)

package dev.sluice.internal.http.engine

import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.ClosedReadChannelException
import kotlinx.io.Buffer
import kotlinx.io.Source
import java.io.IOException

/** How a response body is delimited on the wire. */
internal sealed class BodyFraming {
    /** `Transfer-Encoding: chunked`: hex size lines, data, CRLF, up to the zero chunk and its trailers. */
    object Chunked : BodyFraming()

    /** Exactly [length] bytes (`Content-Length`). */
    class Length(val length: Long) : BodyFraming()

    /** Up to the end of the connection. */
    object ToEnd : BodyFraming()
}

/**
 * A response body read straight off the connection's channel by whoever reads the body: the
 * framing is undone inside [awaitContent], on the reader's own coroutine, and the data moves
 * from the connection's buffer to this one without a copy (kotlinx-io segments change hands).
 * No coroutine sits between the socket and the reader, so a token costs one hand-off less.
 *
 * The body always ends cleanly, after every byte received was handed over; a dishonest end (a
 * chunked body cut short or with a malformed chunk header, a short `Content-Length` body, a
 * broken connection) is recorded in [ending] as it is found, before the end is seen. [release]
 * runs once the body ended, either way, or when it is cancelled (it closes the connection).
 *
 * When input is already there, one [awaitContent] frames up to [BATCH_BYTES] of it, so a reader
 * that fell behind catches up in few reads. One reader at a time; [cancel] from any thread.
 */
internal class BodyChannel(
    private val input: ByteReadChannel,
    private val framing: BodyFraming,
    private val ending: BodyEnding,
    private val release: () -> Unit,
) : ByteReadChannel {
    private val buffer = Buffer()
    private val line = StringBuilder()
    private var lineDone = false
    private var state = if (framing === BodyFraming.Chunked) SIZE else DATA
    private var left = when (framing) {
        is BodyFraming.Length -> framing.length
        else -> Long.MAX_VALUE
    }
    private var total = 0L

    @Volatile
    private var done = false

    @Volatile
    private var cancelled: Throwable? = null

    init {
        if (framing is BodyFraming.Length && framing.length == 0L) finish(null)
    }

    override val readBuffer: Source get() = buffer

    override val closedCause: Throwable? get() = cancelled

    override val isClosedForRead: Boolean get() = (done || cancelled != null) && buffer.exhausted()

    override suspend fun awaitContent(min: Int): Boolean {
        cancelled?.let { throw ClosedReadChannelException(it) }
        try {
            while (!done && buffer.size < min) step(wait = true)
            while (!done && buffer.size < BATCH_BYTES) {
                if (!step(wait = false)) break
            }
        } catch (e: BodyFramingException) {
            finish(e)
        } catch (e: IOException) {
            if (cancelled != null) throw ClosedReadChannelException(cancelled)
            finish(BodyFramingException("connection broke after $total body bytes: ${e.message ?: e.javaClass.simpleName}", total, e))
        }
        return buffer.size >= min
    }

    override fun cancel(cause: Throwable?) {
        if (cancelled != null) return
        cancelled = cause ?: IOException("the body channel was cancelled")
        release()
    }

    /**
     * One framing step. Returns false, having done nothing, when it needs input that has not
     * arrived and may not [wait] for it; the end of the input ends the body here, honestly or not.
     */
    private suspend fun step(wait: Boolean): Boolean {
        if (input.readBuffer.exhausted()) {
            if (!wait) return false
            if (!input.awaitContent(1)) {
                endOfInput()
                return true
            }
        }
        when (state) {
            SIZE -> {
                if (!nextLine()) return true
                val size = parseChunkSize(line)
                    ?: throw BodyFramingException("malformed chunk header '${printable(line)}' after $total body bytes", total)
                if (size == 0L) {
                    state = TRAILERS
                } else {
                    left = size
                    state = DATA
                }
            }
            DATA -> {
                val moved = input.readBuffer.readAtMostTo(buffer, left)
                total += moved
                left -= moved
                if (left == 0L) {
                    if (framing === BodyFraming.Chunked) state = DATA_END else finish(null)
                }
            }
            DATA_END -> {
                if (!nextLine()) return true
                if (line.isNotEmpty()) throw BodyFramingException("malformed chunk: data longer than its size after $total body bytes", total)
                state = SIZE
            }
            TRAILERS -> {
                if (!nextLine()) return true
                if (line.isEmpty()) finish(null)
            }
        }
        return true
    }

    private fun endOfInput() {
        val failure = when {
            framing === BodyFraming.ToEnd -> null
            framing is BodyFraming.Length -> "connection closed after $total of ${framing.length} announced body bytes"
            state == DATA -> "chunked body ended inside a chunk after $total bytes"
            state == TRAILERS -> "chunked body ended inside its trailers after $total bytes"
            else -> "chunked body ended without its terminating chunk after $total bytes"
        }
        finish(failure?.let { BodyFramingException(it, total) })
    }

    /**
     * Reads the next CRLF- (or LF-) terminated line of the input into [line], without its break
     * (no String per chunk header); false when what has arrived ends inside it (the part read is
     * kept for the next call). Over-long lines fail.
     */
    private fun nextLine(): Boolean {
        if (lineDone) {
            line.setLength(0)
            lineDone = false
        }
        val source = input.readBuffer
        while (!source.exhausted()) {
            val byte = source.readByte().toInt() and 0xff
            if (byte == '\n'.code) {
                if (line.endsWith('\r')) line.setLength(line.length - 1)
                lineDone = true
                return true
            }
            if (line.length >= MAX_LINE_CHARS) {
                throw BodyFramingException("malformed chunk header '${printable(line)}...' after $total body bytes", total)
            }
            line.append(byte.toChar())
        }
        return false
    }

    private fun finish(failure: BodyFramingException?) {
        if (failure != null) ending.failure = failure
        done = true
        release()
    }

    private companion object {
        const val SIZE = 0
        const val DATA = 1
        const val DATA_END = 2
        const val TRAILERS = 3

        /** At most this much already-arrived input is framed ahead of the reader in one call. */
        const val BATCH_BYTES = 64 * 1024
        const val MAX_LINE_CHARS = 4 * 1024
    }
}
