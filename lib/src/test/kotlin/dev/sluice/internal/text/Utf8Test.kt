package dev.sluice.internal.text

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals

class Utf8Test {
    private fun bytes(vararg v: Int) = ByteArray(v.size) { v[it].toByte() }
    private fun decode(vararg v: Int) = bytes(*v).let { Utf8.decode(it, 0, it.size) }

    @Test
    fun validTextDecodesAsTheJdkDoes() {
        val text = "a\u00E9\u4E2D\uD83D\uDE00\u0000\uFFFD"
        val b = text.toByteArray()
        assertEquals(text, Utf8.decode(b, 0, b.size))
        assertEquals(text, Utf8.decodeWhatwg(b, 0, b.size), "a literal U+FFFD survives the slow path")
    }

    @Test
    fun eachMaximalInvalidSubpartBecomesOneReplacementCharacter() {
        assertEquals("a\uFFFDb", decode(0x61, 0xFF, 0x62))
        assertEquals("\uFFFD\n", decode(0xE2, 0x82, 0x0A), "truncated sequence is one U+FFFD")
        assertEquals("\uFFFD\uFFFD\uFFFD", decode(0xED, 0xA0, 0x80), "encoded surrogate: three")
        assertEquals("\uFFFD\uFFFD", decode(0xE0, 0x80), "E0 needs A0..BF")
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", decode(0xF4, 0x90, 0x80, 0x80), "above U+10FFFF")
        assertEquals("\uFFFD\uFFFD", decode(0xC0, 0x80), "overlong")
        assertEquals("\uFFFDA", decode(0xF0, 0x9F, 0x98, 0x41))
        assertEquals("\uFFFD", decode(0xF0, 0x9F, 0x98), "truncated at end")
    }

    @Test
    fun incompleteTailFindsOnlyAValidUnfinishedSequence() {
        assertEquals(0, bytes(0x61).let { Utf8.incompleteTail(it, 0, it.size) })
        assertEquals(1, bytes(0x61, 0xE2).let { Utf8.incompleteTail(it, 0, it.size) })
        assertEquals(2, bytes(0x61, 0xE2, 0x82).let { Utf8.incompleteTail(it, 0, it.size) })
        assertEquals(0, bytes(0xE2, 0x82, 0xAC).let { Utf8.incompleteTail(it, 0, it.size) })
        assertEquals(3, bytes(0xF0, 0x9F, 0x98).let { Utf8.incompleteTail(it, 0, it.size) })
        assertEquals(0, bytes(0xED, 0xA0).let { Utf8.incompleteTail(it, 0, it.size) }, "never valid")
        assertEquals(0, bytes(0x80, 0x80).let { Utf8.incompleteTail(it, 0, it.size) }, "stray continuations")
    }

    @Test
    fun streamDecodingEqualsWholeDecodingAtEverySplit() {
        val input = bytes(0xEF, 0xBB, 0xBF) + "h\u00E9 \u4E2D\uD83D\uDE00".toByteArray() +
            bytes(0xFF, 0xE2, 0x82, 0x41, 0xED, 0xA0, 0x80, 0xF0, 0x9F, 0x98)
        val expected = "h\u00E9 \u4E2D\uD83D\uDE00\uFFFD\uFFFDA\uFFFD\uFFFD\uFFFD\uFFFD"
        for (a in 0..input.size) for (b in a..input.size) {
            val d = Utf8StreamDecoder()
            val text = d.feed(input, 0, a) + d.feed(input, a, b - a) + d.feed(input, b, input.size - b) + d.end()
            assertEquals(expected, text, "split at $a,$b")
        }
        val d = Utf8StreamDecoder()
        val bytewise = buildString { input.indices.forEach { append(d.feed(input, it, 1)) }; append(d.end()) }
        assertEquals(expected, bytewise)
    }

    @Test
    fun byteOrderMarkIsStrippedOnlyAtTheStart() {
        val d = Utf8StreamDecoder()
        val b = "\uFEFFa\uFEFF".toByteArray()
        assertEquals("a\uFEFF", d.feed(b, 0, b.size) + d.end())
        val partial = Utf8StreamDecoder()
        assertEquals("\uFFFD", partial.feed(bytes(0xEF, 0xBB), 0, 2) + partial.end(), "a cut BOM is text")
    }
}
