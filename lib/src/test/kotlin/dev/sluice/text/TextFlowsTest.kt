package dev.sluice.text

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

@Timeout(20)
class TextFlowsTest {
    private val sample = "\uFEFFh\u00E9llo \u4E2D\u6587 \uD83D\uDE00\r\nline two\rthree\n\nlast"

    @Test
    fun utf8SplitAnywhereDecodesIntact() = runBlocking<Unit> {
        val bytes = sample.toByteArray()
        for (size in 1..5) {
            val text = bytes.toList().chunked(size) { it.toByteArray() }.asFlow().decodeUtf8().toList()
            assertEquals(sample.removePrefix("\uFEFF"), text.joinToString(""), "chunks of $size")
            assertTrue(text.none { it.isEmpty() })
        }
    }

    @Test
    fun utf8InvalidBytesBecomeReplacementCharacters() = runBlocking<Unit> {
        val bytes = listOf(byteArrayOf(0x61, 0xE2.toByte()), byteArrayOf(0x82.toByte()), byteArrayOf(0x62, 0xF0.toByte()))
        assertEquals("a\uFFFDb\uFFFD", bytes.asFlow().decodeUtf8().toList().joinToString(""))
    }

    @Test
    fun linesSplitAnywhereAreTheSame() = runBlocking<Unit> {
        val bytes = sample.toByteArray()
        val expected = listOf("h\u00E9llo \u4E2D\u6587 \uD83D\uDE00", "line two", "three", "", "last")
        for (size in listOf(1, 2, 3, 7, bytes.size)) {
            val lines = bytes.toList().chunked(size) { it.toByteArray() }.asFlow().decodeLines().toList()
            assertEquals(expected, lines, "chunks of $size")
        }
    }

    @Test
    fun linesOverTheLimitFailAfterTheLinesBeforeThem() = runBlocking<Unit> {
        val got = ArrayList<String>()
        val e = assertFailsWith<LimitExceededException> {
            listOf("ok\nalso ok\n0123456789\n".toByteArray()).asFlow().decodeLines(DecodeLimits(maxLineBytes = 8))
                .collect { got.add(it) }
        }
        assertEquals(listOf("ok", "also ok"), got)
        assertEquals(11L + 8, e.offset)
    }
}
