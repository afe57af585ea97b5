package dev.sluice.internal.text

/**
 * UTF-8 decoding exactly as the WHATWG Encoding Standard's "UTF-8 decode" (without BOM sniffing):
 * each maximal invalid subpart becomes one U+FFFD.
 *
 * Valid input takes the JDK's intrinsic path. The JDK replaces some invalid sequences
 * differently (an encoded surrogate `ED A0 80` becomes one U+FFFD, WHATWG wants three), so when
 * its result contains a U+FFFD the bytes are decoded again by [decodeWhatwg].
 */
internal object Utf8 {
    fun decode(b: ByteArray, off: Int, len: Int): String {
        if (len == 0) return ""
        val fast = String(b, off, len, Charsets.UTF_8)
        return if (fast.indexOf(REPLACEMENT) < 0) fast else decodeWhatwg(b, off, len)
    }

    fun decodeWhatwg(b: ByteArray, off: Int, len: Int): String {
        val out = StringBuilder(len)
        var needed = 0
        var seen = 0
        var cp = 0
        var lower = 0x80
        var upper = 0xBF
        var i = off
        val end = off + len
        while (i < end) {
            val v = b[i].toInt() and 0xFF
            if (needed == 0) {
                when (v) {
                    in 0x00..0x7F -> out.append(v.toChar())
                    in 0xC2..0xDF -> { needed = 1; cp = v and 0x1F }
                    in 0xE0..0xEF -> {
                        if (v == 0xE0) lower = 0xA0
                        if (v == 0xED) upper = 0x9F
                        needed = 2; cp = v and 0x0F
                    }
                    in 0xF0..0xF4 -> {
                        if (v == 0xF0) lower = 0x90
                        if (v == 0xF4) upper = 0x8F
                        needed = 3; cp = v and 0x07
                    }
                    else -> out.append(REPLACEMENT)
                }
                i++
                continue
            }
            if (v < lower || v > upper) {
                // The sequence so far is one maximal subpart; this byte starts afresh.
                needed = 0; seen = 0; cp = 0; lower = 0x80; upper = 0xBF
                out.append(REPLACEMENT)
                continue
            }
            lower = 0x80; upper = 0xBF
            cp = (cp shl 6) or (v and 0x3F)
            seen++
            i++
            if (seen == needed) {
                out.appendCodePoint(cp)
                needed = 0; seen = 0; cp = 0
            }
        }
        if (needed != 0) out.append(REPLACEMENT)
        return out.toString()
    }

    /**
     * How many bytes at the end of `b[off, off+len)` form a valid but incomplete sequence that
     * the next bytes may complete (0 to 3). Holding them back and decoding them with what follows
     * gives the same text as decoding the whole stream at once.
     */
    fun incompleteTail(b: ByteArray, off: Int, len: Int): Int {
        val end = off + len
        var start = end - 1
        val stop = maxOf(off, end - 3)
        while (start >= stop && (b[start].toInt() and 0xC0) == 0x80) start--
        if (start < stop) return 0
        val lead = b[start].toInt() and 0xFF
        val needed = when (lead) {
            in 0xC2..0xDF -> 1
            in 0xE0..0xEF -> 2
            in 0xF0..0xF4 -> 3
            else -> return 0
        }
        val have = end - start - 1
        if (have >= needed) return 0
        if (have >= 1) {
            val second = b[start + 1].toInt() and 0xFF
            val lower = when (lead) { 0xE0 -> 0xA0; 0xF0 -> 0x90; else -> 0x80 }
            val upper = when (lead) { 0xED -> 0x9F; 0xF4 -> 0x8F; else -> 0xBF }
            if (second < lower || second > upper) return 0
        }
        return have + 1
    }

    const val REPLACEMENT: Char = '\uFFFD'
}
