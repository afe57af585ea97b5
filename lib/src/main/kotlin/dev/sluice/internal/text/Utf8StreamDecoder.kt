package dev.sluice.internal.text

/**
 * Incremental UTF-8 decoding for text chunks: a character split across reads is held back (at
 * most 3 bytes) until the read that completes it; a byte-order mark is stripped only at the very
 * start of the stream, even when it arrives one byte at a time. The text equals that of decoding
 * the whole stream at once. Not thread-safe.
 */
internal class Utf8StreamDecoder {
    private var held = ByteArray(0)
    private var atStart = true

    /** Decodes one read; returns the text completed by it (possibly empty). */
    fun feed(b: ByteArray, off: Int, len: Int): String {
        if (held.isEmpty()) return decode(b, off, len)
        val joined = held.copyOf(held.size + len)
        System.arraycopy(b, off, joined, held.size, len)
        return decode(joined, 0, joined.size)
    }

    /** End of stream: the bytes of an unfinished character become U+FFFD. */
    fun end(): String {
        val rest = held
        held = ByteArray(0)
        atStart = false
        return Utf8.decode(rest, 0, rest.size)
    }

    private fun decode(b: ByteArray, off: Int, len: Int): String {
        var start = off
        var n = len
        if (atStart) {
            if (n < BOM.size && isBomPrefix(b, off, n)) {
                held = b.copyOfRange(off, off + n)
                return ""
            }
            atStart = false
            if (isBomPrefix(b, off, BOM.size)) {
                start += BOM.size
                n -= BOM.size
            }
        }
        val tail = Utf8.incompleteTail(b, start, n)
        held = if (tail == 0) EMPTY else b.copyOfRange(start + n - tail, start + n)
        return Utf8.decode(b, start, n - tail)
    }

    private fun isBomPrefix(b: ByteArray, off: Int, n: Int): Boolean {
        for (k in 0 until n) if (b[off + k] != BOM[k]) return false
        return true
    }

    private companion object {
        val EMPTY = ByteArray(0)
        val BOM = byteArrayOf(0xEF.toByte(), 0xBB.toByte(), 0xBF.toByte())
    }
}
