package dev.sluice.internal.text

import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * Finding the next CR or LF 32 bytes at a time: each 8-byte word (read little-endian through a
 * heap [ByteBuffer], which the JIT compiles to one load) is tested for any byte below 0x0E with
 * one subtraction and two masks; only a block holding such a byte (CR, LF, or a rare control
 * character such as TAB) is looked at closer, a word at a time, for exactly CR or LF. Plain UTF-8
 * text, JSON above all, has none.
 */
internal object LineBreaks {
    /** Spans shorter than this are scanned byte by byte (a word view would not pay off). */
    const val MIN_WORDS_BYTES: Int = 32
    private const val ONES = 0x0E0E0E0E0E0E0E0EL
    private const val HIGH = -0x7F7F7F7F7F7F7F80L // 0x8080808080808080

    /**
     * The word view of [b] for [indexOf], for a read of [len] bytes: [cached] when it is a view of
     * [b] already (a reader that reads into one buffer makes one view per stream), else a new one,
     * or `null` when the read is too short to hold a span of [MIN_WORDS_BYTES]. A view is an object
     * of 56 bytes; the JIT could not be relied on to remove one made per search instead (in some
     * compilations it did, in others it made one per line).
     */
    fun wordsOf(b: ByteArray, len: Int, cached: ByteBuffer?): ByteBuffer? = when {
        cached != null && cached.array() === b -> cached
        len >= MIN_WORDS_BYTES -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)
        else -> null
    }

    /** The index of the first CR or LF in `b[from, to)`, or [to]; [words] is [wordsOf] `b`. */
    fun indexOf(b: ByteArray, words: ByteBuffer?, from: Int, to: Int): Int {
        var i = from
        if (words != null && to - i >= MIN_WORDS_BYTES) {
            // 32 bytes per test: a word without a byte below 0x0E gives 0, so the OR of four is 0
            // only when none of the 32 bytes needs a look; a block that does is looked at closer.
            val last = to - 32
            while (i <= last) {
                val v0 = words.getLong(i)
                val v1 = words.getLong(i + 8)
                val v2 = words.getLong(i + 16)
                val v3 = words.getLong(i + 24)
                val any = ((v0 - ONES) and v0.inv()) or ((v1 - ONES) and v1.inv()) or
                    ((v2 - ONES) and v2.inv()) or ((v3 - ONES) and v3.inv())
                if ((any and HIGH) != 0L) {
                    // The block's first CR or LF, a word at a time: most such blocks hold one.
                    var m = breaks(v0)
                    if (m != 0L) return i + (java.lang.Long.numberOfTrailingZeros(m) ushr 3)
                    m = breaks(v1)
                    if (m != 0L) return i + 8 + (java.lang.Long.numberOfTrailingZeros(m) ushr 3)
                    m = breaks(v2)
                    if (m != 0L) return i + 16 + (java.lang.Long.numberOfTrailingZeros(m) ushr 3)
                    m = breaks(v3)
                    if (m != 0L) return i + 24 + (java.lang.Long.numberOfTrailingZeros(m) ushr 3)
                }
                i += 32
            }
        }
        while (i < to) {
            val c = b[i]
            if (c <= CR && (c == LF || c == CR)) return i
            i++
        }
        return to
    }

    /**
     * The high bit of each byte of [v] that is LF or CR, exact up to the first such byte (a borrow
     * may mark bytes above it, never below); so its lowest set bit is the first break in the word.
     */
    private fun breaks(v: Long): Long {
        val lf = v xor LFS
        val cr = v xor CRS
        return (((lf - LOWS) and lf.inv()) or ((cr - LOWS) and cr.inv())) and HIGH
    }

    private const val LOWS = 0x0101010101010101L
    private const val LFS = 0x0A0A0A0A0A0A0A0AL
    private const val CRS = 0x0D0D0D0D0D0D0D0DL
    private const val LF: Byte = 0x0A
    private const val CR: Byte = 0x0D
}
