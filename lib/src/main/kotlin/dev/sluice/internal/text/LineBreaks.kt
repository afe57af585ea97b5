package dev.sluice.internal.text

import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * Finding the next CR or LF eight bytes at a time: each 8-byte word (read little-endian through a
 * heap [ByteBuffer], which the JIT compiles to one load) is tested for any byte below 0x0E with
 * one subtraction and two masks; only a word holding such a byte (CR, LF, or a rare control
 * character such as TAB) is looked at byte by byte. Plain UTF-8 text, JSON above all, has none.
 */
internal object LineBreaks {
    private const val MIN_WORDS_BYTES = 32
    private const val ONES = 0x0E0E0E0E0E0E0E0EL
    private const val HIGH = -0x7F7F7F7F7F7F7F80L // 0x8080808080808080

    /** The index of the first CR or LF in `b[from, to)`, or [to]. */
    fun indexOf(b: ByteArray, from: Int, to: Int): Int {
        var i = from
        if (to - i >= MIN_WORDS_BYTES) {
            val words = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)
            val last = to - 8
            while (i <= last) {
                val v = words.getLong(i)
                // High bit set in the lowest byte below 0x0E (bytes above it may be false hits).
                val low = (v - ONES) and v.inv() and HIGH
                if (low == 0L) {
                    i += 8
                    continue
                }
                val k = i + (java.lang.Long.numberOfTrailingZeros(low) ushr 3)
                val c = b[k]
                if (c == LF || c == CR) return k
                i = k + 1
            }
        }
        while (i < to) {
            val c = b[i]
            if (c <= CR && (c == LF || c == CR)) return i
            i++
        }
        return to
    }

    private const val LF: Byte = 0x0A
    private const val CR: Byte = 0x0D
}
