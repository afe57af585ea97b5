package dev.sluice.internal.text

import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.Random
import kotlin.test.assertEquals

@Timeout(20)
class LineBreaksTest {
    private fun naive(b: ByteArray, from: Int, to: Int): Int {
        for (i in from until to) if (b[i] == 0x0A.toByte() || b[i] == 0x0D.toByte()) return i
        return to
    }

    @Test
    fun findsTheFirstBreakAtEveryPositionAmongControlAndHighBytes() {
        val random = Random(7)
        // Bytes a word test could confuse with a break: TAB, 0x0B, 0x0C, 0x0E, NUL, 0x8A, 0x8D, 0xFF.
        val alphabet = byteArrayOf(0x09, 0x0B, 0x0C, 0x0E, 0x00, 0x8A.toByte(), 0x8D.toByte(), 0xFF.toByte(), 'a'.code.toByte(), '{'.code.toByte())
        repeat(20_000) {
            val b = ByteArray(1 + random.nextInt(100)) { alphabet[random.nextInt(alphabet.size)] }
            if (random.nextInt(4) > 0) b[random.nextInt(b.size)] = if (random.nextBoolean()) 0x0A else 0x0D
            val from = random.nextInt(b.size)
            val to = from + random.nextInt(b.size - from + 1)
            assertEquals(naive(b, from, to), LineBreaks.indexOf(b, LineBreaks.wordsOf(b, b.size, null), from, to), "in ${b.toList()} from $from to $to")
        }
    }

    @Test
    fun aBreakInTheLastWordOrTailIsFound() {
        for (pos in 0 until 70) {
            val b = ByteArray(70) { 'x'.code.toByte() }
            b[pos] = 0x0D
            assertEquals(pos, LineBreaks.indexOf(b, LineBreaks.wordsOf(b, b.size, null), 0, 70))
            assertEquals(70, LineBreaks.indexOf(b, LineBreaks.wordsOf(b, b.size, null), pos + 1, 70))
            assertEquals(pos, LineBreaks.indexOf(b, LineBreaks.wordsOf(b, b.size, null), 0, pos + 1), "bounded at pos + 1")
            assertEquals(pos, LineBreaks.indexOf(b, LineBreaks.wordsOf(b, b.size, null), 0, pos), "not seen past the end")
        }
    }

    @Test
    fun longPlainSpansFindTheOneBreakOrControlByteWherever() {
        // Long runs of text take the four-words-at-once path; one odd byte anywhere must stop it.
        val odd = byteArrayOf(0x0A, 0x0D, 0x09, 0x00, 0x8A.toByte(), 0xFF.toByte())
        for (size in listOf(64, 100, 200)) {
            for (pos in 0 until size) {
                for (c in odd) {
                    val b = ByteArray(size) { 'q'.code.toByte() }
                    b[pos] = c
                    for (from in 0..9) {
                        assertEquals(naive(b, from, size), LineBreaks.indexOf(b, LineBreaks.wordsOf(b, b.size, null), from, size), "byte $c at $pos of $size from $from")
                    }
                }
            }
        }
    }

    @Test
    fun aControlByteBeforeTheBreakIsPassedOverInItsBlockAndTheNext() {
        // A TAB makes its 32-byte block looked at closer; the LF may be in it or blocks later.
        for (tab in 0 until 96) {
            for (lf in tab + 1 until 100) {
                val b = ByteArray(100) { 'q'.code.toByte() }
                b[tab] = 0x09
                b[lf] = 0x0A
                assertEquals(lf, LineBreaks.indexOf(b, LineBreaks.wordsOf(b, b.size, null), 0, 100), "TAB at $tab, LF at $lf")
            }
        }
    }

    @Test
    fun theFirstOfSeveralBreaksInAWordIsTheOneFound() {
        // Several breaks and near-breaks per word: a borrow from one byte must not mark a lower one.
        val random = Random(11)
        val alphabet = byteArrayOf(0x0A, 0x0D, 0x0B, 0x0C, 0x09, 0x01, 0x00, 0x0E, 0x8A.toByte(), 0x8D.toByte(), 0xFF.toByte(), 'x'.code.toByte())
        repeat(20_000) {
            val b = ByteArray(32 + random.nextInt(100)) { if (random.nextInt(3) == 0) alphabet[random.nextInt(alphabet.size)] else 'x'.code.toByte() }
            val from = random.nextInt(b.size - 31)
            val to = from + 32 + random.nextInt(b.size - from - 31)
            assertEquals(naive(b, from, to), LineBreaks.indexOf(b, LineBreaks.wordsOf(b, b.size, null), from, to), "in ${b.toList()} from $from to $to")
        }
    }
}
