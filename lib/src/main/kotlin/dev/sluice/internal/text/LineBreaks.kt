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
    /** Spans shorter than this are scanned byte by byte (a word view would not pay off). */
    const val MIN_WORDS_BYTES: Int = 32
    private const val ONES = 0x0E0E0E0E0E0E0E0EL
    private const val HIGH = -0x7F7F7F7F7F7F7F80L // 0x8080808080808080

    /**
     * The word view of [b] for [indexOf]: one per read (not per line), and only for a read that
     * can hold a span of [MIN_WORDS_BYTES]; `null` otherwise.
     */
    fun wordsOf(b: ByteArray, len: Int): ByteBuffer? =
        if (len >= MIN_WORDS_BYTES) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN) else null

    /** The index of the first CR or LF in `b[from, to)`, or [to]; [words] is [wordsOf] `b`. */
    fun indexOf(b: ByteArray, words: ByteBuffer?, from: Int, to: Int): Int {
        var i = from
        if (words != null && to - i >= MIN_WORDS_BYTES) {
            // Long spans (large events) four words per test: a word without a byte below 0x0E
            // gives 0, so the OR of four is 0 only when none of the 32 bytes needs a look.
            val last4 = to - 32
            while (i <= last4) {
                val v0 = words.getLong(i)
                val v1 = words.getLong(i + 8)
                val v2 = words.getLong(i + 16)
                val v3 = words.getLong(i + 24)
                val any = ((v0 - ONES) and v0.inv()) or ((v1 - ONES) and v1.inv()) or
                    ((v2 - ONES) and v2.inv()) or ((v3 - ONES) and v3.inv())
                if ((any and HIGH) != 0L) break
                i += 32
            }
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
