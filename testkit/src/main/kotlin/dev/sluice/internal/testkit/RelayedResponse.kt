package dev.sluice.internal.testkit

/**
 * Follows one HTTP/1.1 response as the front door relays it to the client, fed in whatever pieces
 * the socket gives: whether its headers have passed, and how many bytes of its body (chunked
 * framing taken off) have. One relay thread feeds it; a fault's coroutine asks.
 */
internal class RelayedResponse {
    private enum class State { HEADERS, SIZE, DATA, DATA_END, IDENTITY, DONE }

    private var state = State.HEADERS
    private val headers = StringBuilder()
    private val sizeLine = StringBuilder()
    private var chunkLeft = 0L
    private var body = 0L

    /** The body bytes relayed so far (after the headers, without chunk framing). */
    @get:Synchronized
    val bodyBytes: Long get() = body

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
        body = 0
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
                    body += take
                    i += take
                    chunkLeft -= take
                    if (chunkLeft == 0L) state = State.DATA_END
                }
                State.DATA_END -> if (chunk[i++] == '\n'.code.toByte()) state = State.SIZE
                State.IDENTITY -> {
                    body += n - i
                    i = n
                }
                State.DONE -> i = n
            }
        }
    }
}

private const val HEX = 16
