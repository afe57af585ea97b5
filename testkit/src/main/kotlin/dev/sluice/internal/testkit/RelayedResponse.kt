package dev.sluice.internal.testkit

/**
 * Follows one HTTP/1.1 response as the front door relays it to the client, fed in whatever pieces
 * the socket gives: whether its headers have passed, and the last [TAIL_BYTES] bytes of its body
 * with any chunked framing taken off (a frame the engine flushed may be split across chunks).
 * One relay thread feeds it; a fault's coroutine asks.
 */
internal class RelayedResponse {
    private enum class State { HEADERS, SIZE, DATA, DATA_END, IDENTITY, DONE }

    private var state = State.HEADERS
    private val headers = StringBuilder()
    private val sizeLine = StringBuilder()
    private var chunkLeft = 0L
    private val tail = ByteArray(TAIL_BYTES)
    private var tailSize = 0

    /** Whether the status line and headers have all been relayed. */
    @get:Synchronized
    val hasHeaders: Boolean get() = state != State.HEADERS

    /** Starts over: the client sent a request, so what follows is a new response. */
    @Synchronized
    fun reset() {
        state = State.HEADERS
        headers.setLength(0)
        sizeLine.setLength(0)
        chunkLeft = 0
        tailSize = 0
    }

    /** Takes the next [n] bytes of [chunk] relayed to the client. */
    @Synchronized
    fun append(chunk: ByteArray, n: Int) {
        var i = 0
        while (i < n) {
            when (state) {
                State.HEADERS -> {
                    headers.append((chunk[i++].toInt() and 0xFF).toChar())
                    if (headers.endsWith("\r\n\r\n")) {
                        state = if (headers.contains("transfer-encoding: chunked", ignoreCase = true)) State.SIZE else State.IDENTITY
                    }
                }
                State.SIZE -> {
                    val c = (chunk[i++].toInt() and 0xFF).toChar()
                    if (c != '\n') {
                        sizeLine.append(c)
                        continue
                    }
                    chunkLeft = sizeLine.toString().substringBefore(';').trim().toLongOrNull(HEX) ?: -1
                    sizeLine.setLength(0)
                    state = when {
                        chunkLeft > 0 -> State.DATA
                        else -> State.DONE // the last chunk, or framing this reader does not follow
                    }
                }
                State.DATA -> {
                    val take = minOf(chunkLeft, (n - i).toLong()).toInt()
                    keep(chunk, i, take)
                    i += take
                    chunkLeft -= take
                    if (chunkLeft == 0L) state = State.DATA_END
                }
                State.DATA_END -> if (chunk[i++] == '\n'.code.toByte()) state = State.SIZE
                State.IDENTITY -> {
                    keep(chunk, i, n - i)
                    i = n
                }
                State.DONE -> i = n
            }
        }
    }

    /** Whether the body relayed so far ends with [end]. */
    @Synchronized
    fun bodyEndsWith(end: ByteArray): Boolean {
        val start = tailSize - end.size
        if (start < 0) return false
        for (k in end.indices) if (tail[start + k] != end[k]) return false
        return true
    }

    private fun keep(bytes: ByteArray, from: Int, count: Int) {
        val fresh = minOf(count, TAIL_BYTES)
        val old = minOf(tailSize, TAIL_BYTES - fresh)
        System.arraycopy(tail, tailSize - old, tail, 0, old)
        System.arraycopy(bytes, from + count - fresh, tail, old, fresh)
        tailSize = old + fresh
    }
}

private const val TAIL_BYTES = 64 * 1024
private const val HEX = 16
