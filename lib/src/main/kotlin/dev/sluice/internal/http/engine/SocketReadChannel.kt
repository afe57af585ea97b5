@file:OptIn(io.ktor.utils.io.InternalAPI::class)

package dev.sluice.internal.http.engine

import io.ktor.network.selector.SelectInterest
import io.ktor.network.selector.Selectable
import io.ktor.network.selector.SelectorManager
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.ClosedReadChannelException
import kotlinx.io.Buffer
import kotlinx.io.Source
import kotlinx.io.transferFrom
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.ReadableByteChannel

/**
 * A plain TCP connection's input, read by whoever reads it: [awaitContent] reads the socket on
 * the reader's own coroutine and, when nothing has arrived, waits on the selector, which resumes
 * the reader itself. Ktor's own socket input (`openReadChannel`) runs a reader coroutine on
 * `Dispatchers.IO` that copies into a channel and then wakes the body's reader: two hand-offs,
 * two thread wake-ups per read where this has one, which is most of a paced token's client cost.
 *
 * One reader at a time; [cancel] from any thread (it only marks the channel: the connection's
 * owner closes the socket, which ends a wait on the selector).
 */
internal class SocketReadChannel(
    private val selectable: Selectable,
    private val selector: SelectorManager,
) : ByteReadChannel {
    private val channel = selectable.channel as ReadableByteChannel
    private val buffer = Buffer()
    private var ended = false

    @Volatile
    private var cancelled: Throwable? = null

    override val readBuffer: Source get() = buffer

    override val closedCause: Throwable? get() = cancelled

    override val isClosedForRead: Boolean get() = (ended || cancelled != null) && buffer.exhausted()

    override suspend fun awaitContent(min: Int): Boolean {
        cancelled?.let { throw ClosedReadChannelException(it) }
        while (!ended && buffer.size < min) {
            if (readOnce() == 0) awaitReady(selectable, selector, SelectInterest.READ)
        }
        return buffer.size >= min
    }

    override fun cancel(cause: Throwable?) {
        if (cancelled == null) cancelled = cause ?: IOException("the connection's input was cancelled")
    }

    /** One read of what has arrived into [buffer]: its byte count, 0 when nothing has, -1 at the end. */
    private fun readOnce(): Int {
        val chunk = SCRATCH.get()
        // Through java.nio.Buffer: ByteBuffer's own clear()/flip() (Java 9+) are not on Android API 24.
        val positions: java.nio.Buffer = chunk
        positions.clear()
        val count = channel.read(chunk)
        if (count < 0) {
            ended = true
            return -1
        }
        if (count > 0) {
            positions.flip()
            buffer.transferFrom(chunk)
        }
        return count
    }

    private companion object {
        /** One socket read at most: what a busy stream has in flight. */
        const val READ_BYTES = 16 * 1024

        /**
         * Each thread's read buffer, direct so the socket read needs no copy of its own; used and
         * emptied within one non-suspending [readOnce], so connections share it instead of each
         * holding one (10,000 open streams would otherwise hold 160 MiB).
         */
        val SCRATCH = object : ThreadLocal<ByteBuffer>() {
            override fun initialValue(): ByteBuffer = ByteBuffer.allocateDirect(READ_BYTES)
        }
    }
}
