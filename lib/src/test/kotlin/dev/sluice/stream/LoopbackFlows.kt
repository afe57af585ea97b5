package dev.sluice.stream

import io.ktor.network.selector.SelectorManager
import io.ktor.network.sockets.aSocket
import io.ktor.network.sockets.openReadChannel
import io.ktor.network.sockets.openWriteChannel
import io.ktor.utils.io.readAvailable
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flow
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger

/**
 * Test-only cold flows over a real loopback socket to [LoopbackServer], standing in for the HTTP
 * client: collecting opens a connection, the socket is closed in `finally` whatever ends the
 * collection (completion, failure, cancellation). Suspending I/O (Ktor sockets), so thousands can
 * be open at once without a thread each.
 */
object LoopbackFlows {
    private val selector: SelectorManager by lazy { SelectorManager(Dispatchers.IO) }

    /** Collections of a loopback flow in progress right now: zero when none leaked. */
    @JvmField
    val active: AtomicInteger = AtomicInteger()

    /**
     * The element lines (without `\n`) of a connection asking for [count] elements (negative:
     * endless) of [size] bytes. With [end], the flow completes at the server's `END` line;
     * without, it waits after the last element until cancelled.
     */
    @JvmStatic
    @JvmOverloads
    fun lines(port: Int, count: Long, size: Int = 0, end: Boolean = true, receiveBuffer: Int = 0): Flow<String> = flow {
        active.incrementAndGet()
        try {
            val socket = aSocket(selector).tcp().connect("127.0.0.1", port) {
                if (receiveBuffer > 0) this.receiveBufferSize = receiveBuffer
            }
            try {
                val output = socket.openWriteChannel(autoFlush = true)
                val input = socket.openReadChannel()
                output.writeStringUtf8("$count $size ${if (end) 1 else 0}\n")
                val buf = ByteArray(8192)
                val line = StringBuilder()
                while (true) {
                    val n = input.readAvailable(buf, 0, buf.size)
                    if (n < 0) throw IOException("the server closed the connection before END")
                    for (i in 0 until n) {
                        val c = buf[i].toInt().toChar()
                        if (c != '\n') {
                            line.append(c)
                            continue
                        }
                        val text = line.toString()
                        line.setLength(0)
                        if (text == "END") return@flow
                        emit(text.trimEnd('.'))
                    }
                }
            } finally {
                socket.close()
            }
        } finally {
            active.decrementAndGet()
        }
    }

    /** An in-memory flow of the longs `0 until count` (negative: endless), for the TCK's plain runs. */
    @JvmStatic
    fun longs(count: Long): Flow<Long> =
        (if (count < 0) generateSequence(0L) { it + 1 } else (0L until count).asSequence()).asFlow()

    /** A flow that fails with [error] before emitting anything. */
    @JvmStatic
    fun <T> failing(error: Throwable): Flow<T> = flow { throw error }

    /** A flow that emits [elements] and then fails with [error]. */
    @JvmStatic
    fun <T> failingAfter(elements: List<T>, error: Throwable): Flow<T> = flow {
        elements.forEach { emit(it) }
        throw error
    }
}
