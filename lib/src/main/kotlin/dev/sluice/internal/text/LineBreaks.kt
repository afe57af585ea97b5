package dev.sluice.internal.text

import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * Finding the next CR or LF 32 bytes at a time: each 8-byte word (read little-endian through a
 * heap [ByteBuffer], which the JIT compiles to one load) is tested for any byte below 0x0E with
 * one subtraction and two masks; only a block holding such a byte (CR, LF, or a rare control
 * character such as TAB) is looked at byte by byte. Plain UTF-8 text, JSON above all, has none.
 */
internal object LineBreaks {
    /** Spans shorter than this are scanned byte by byte (a word view would not pay off). */
    const val MIN_WORDS_BYTES: Int = 32
    private const val ONES = 0x0E0E0E0E0E0E0E0EL
    private const val HIGH = -0x7F7F7F7F7F7F7F80L // 0x8080808080808080

    /**
     * The index of the first CR or LF in `b[from, to)`, or [to]. The word view is made here, for
     * this search only, and read at a single site: the JIT then takes it apart (no allocation).
     * A view made per read and passed in, or read at two sites, stayed a real object: 56 bytes
     * per read (measured with a loop of 64 KiB lines over distinct 8 KiB reads).
     */
    fun indexOf(b: ByteArray, from: Int, to: Int): Int {
        var i = from
        if (to - i >= MIN_WORDS_BYTES) {
            val words = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)
            // 32 bytes per test: a word without a byte below 0x0E gives 0, so the OR of four is 0
            // only when none of the 32 bytes needs a look; a block that does is looked at byte by byte.
            val last = to - 32
            while (i <= last) {
                var any = 0L
                var k = 0
                while (k < 32) { // one read site, unrolled by the JIT (two sites keep the view alive)
                    val v = words.getLong(i + k)
                    any = any or ((v - ONES) and v.inv())
                    k += 8
                }
                if ((any and HIGH) != 0L) {
                    for (j in i until i + 32) {
                        val c = b[j]
                        if (c == LF || c == CR) return j
                    }
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

    private const val LF: Byte = 0x0A
    private const val CR: Byte = 0x0D
}
