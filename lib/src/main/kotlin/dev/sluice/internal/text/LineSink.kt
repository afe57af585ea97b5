package dev.sluice.internal.text

/** Receives the lines a [LineScanner] finds, synchronously. */
internal interface LineSink {
    /**
     * One line, without its line break: [len] bytes of [buf] from [off]. The bytes are only
     * valid during the call (they may be the caller's read buffer or the scanner's own).
     * [startOffset] is the stream offset of the line's first byte.
     */
    fun onLine(buf: ByteArray, off: Int, len: Int, startOffset: Long)
}

/**
 * A [LineSink] that can keep the buffer a line split across reads was assembled in, instead of
 * copying the line out of it (a 64 KiB SSE data line is then copied once, not twice).
 */
internal interface BufferTakingLineSink : LineSink {
    /**
     * One line assembled in the scanner's own buffer: `buf[0, len)`, otherwise as [onLine]. Returns
     * the buffer the scanner assembles the next lines in: [buf] itself when the sink did not keep
     * it, else a buffer the sink gives up in exchange (never one it still reads from).
     */
    fun onAssembledLine(buf: ByteArray, len: Int, startOffset: Long): ByteArray

    /** The scanner is done with the array it was fed (every line in it went to [onLine]): the caller may reuse it. */
    fun onFeedEnd()
}
