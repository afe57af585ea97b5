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
