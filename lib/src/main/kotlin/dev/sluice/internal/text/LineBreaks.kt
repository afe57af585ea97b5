package dev.sluice.internal.text

import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * Finding the next CR or LF 32 bytes at a time: each 8-byte word (read little-endian in one load)
 * is tested for any byte below 0x0E with one subtraction and two masks; only a block holding such
 * a byte (CR, LF, or a rare control character such as TAB) is looked at byte by byte. Plain UTF-8
 * text, JSON above all, has none. Words are read through a `VarHandle` ([ByteWords]) where the
 * runtime has one (any JVM; Android from API 33), else through a heap [ByteBuffer] view of the
 * array, made once per array ([wordsOf]).
 */
internal object LineBreaks {
    /** Spans shorter than this are scanned byte by byte (a word view would not pay off). */
    const val MIN_WORDS_BYTES: Int = 32
    private const val ONES = 0x0E0E0E0E0E0E0E0EL
    private const val HIGH = -0x7F7F7F7F7F7F7F80L // 0x8080808080808080

    /** Whether words are read through [ByteWords]; a constant to the JIT, which drops the other path. */
    val BY_HANDLE: Boolean = runCatching { ByteWords.at(ByteArray(8), 0) == 0L }.getOrDefault(false)

    /**
     * The word view of [b] for [indexOf], for a read of [len] bytes: none when words are read
     * [BY_HANDLE]; else [cached] when it is a view of [b] already (a reader that reads into one
     * buffer makes one view per stream), else a new one, or `null` when the read is too short to
     * hold a span of [MIN_WORDS_BYTES]. A view is an object of 56 bytes; the JIT could not be
     * relied on to remove one made per search instead (in some compilations it did, in others it
     * made one per line).
     */
    fun wordsOf(b: ByteArray, len: Int, cached: ByteBuffer?): ByteBuffer? = when {
        BY_HANDLE -> null
        cached != null && cached.array() === b -> cached
        len >= MIN_WORDS_BYTES -> viewOf(b)
        else -> null
    }

    fun viewOf(b: ByteArray): ByteBuffer = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)

    /** The index of the first CR or LF in `b[from, to)`, or [to]; [words] is [wordsOf] `b`. */
    fun indexOf(b: ByteArray, words: ByteBuffer?, from: Int, to: Int): Int =
        if (BY_HANDLE) indexOfByHandle(b, from, to) else indexOfByView(b, words, from, to)

    /** [indexOf] reading words through [ByteWords]. */
    fun indexOfByHandle(b: ByteArray, from: Int, to: Int): Int {
        var i = from
        // 32 bytes per test: a word without a byte below 0x0E gives 0, so the OR of four is 0
        // only when none of the 32 bytes needs a look; a block that does is looked at byte by byte.
        val last = to - 32
        while (i <= last) {
            if (needsLook(ByteWords.at(b, i), ByteWords.at(b, i + 8), ByteWords.at(b, i + 16), ByteWords.at(b, i + 24))) {
                val j = byteByByte(b, i, i + 32)
                if (j < i + 32) return j
            }
            i += 32
        }
        return byteByByte(b, i, to)
    }

    /** [indexOf] reading words through [words], a view of `b`; byte by byte when `null`. */
    fun indexOfByView(b: ByteArray, words: ByteBuffer?, from: Int, to: Int): Int {
        var i = from
        if (words != null) {
            val last = to - 32
            while (i <= last) {
                if (needsLook(words.getLong(i), words.getLong(i + 8), words.getLong(i + 16), words.getLong(i + 24))) {
                    val j = byteByByte(b, i, i + 32)
                    if (j < i + 32) return j
                }
                i += 32
            }
        }
        return byteByByte(b, i, to)
    }

    @Suppress("NOTHING_TO_INLINE")
    private inline fun needsLook(v0: Long, v1: Long, v2: Long, v3: Long): Boolean {
        val any = ((v0 - ONES) and v0.inv()) or ((v1 - ONES) and v1.inv()) or
            ((v2 - ONES) and v2.inv()) or ((v3 - ONES) and v3.inv())
        return (any and HIGH) != 0L
    }

    private fun byteByByte(b: ByteArray, from: Int, to: Int): Int {
        var i = from
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
