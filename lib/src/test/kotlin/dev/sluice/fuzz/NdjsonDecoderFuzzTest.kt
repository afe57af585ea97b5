package dev.sluice.fuzz

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import dev.sluice.ndjson.NdjsonDecoder
import dev.sluice.ndjson.NdjsonParseException
import dev.sluice.ndjson.decodeNdjson
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/**
 * Fuzzes the NDJSON decoder (push [NdjsonDecoder] and `decodeNdjson`): any input, cut anywhere,
 * gives one value per non-blank line, or stops with [NdjsonParseException] (naming the right line
 * and offset) or [LimitExceededException] (at the first line past the limit), never another
 * exception; every split gives the same outcome as the whole input. Inputs are raw NDJSON bytes.
 *
 * Regression inputs: `src/test/resources/dev/sluice/fuzz/NdjsonDecoderFuzzTestInputs/<method>/`.
 */
class NdjsonDecoderFuzzTest {
    @FuzzTest(maxDuration = "2m")
    fun decoder(data: ByteArray) {
        val choices = FuzzChoices(data)
        val limits = when (choices.int(0, 3)) {
            0, 1 -> DecodeLimits()
            else -> DecodeLimits(choices.int(1, 512), choices.int(1, 512))
        }
        val context = "$limits, input ${show(data)}"
        val lines = lines(data)
        val whole = push(listOf(data), limits)
        check(whole, lines, limits, context)
        assertSame(whole, push(choices.pieces(data), limits), "pieces: $context")
        if (data.size <= 4096) assertSame(whole, push(bytewise(data), limits), "bytewise: $context")
        assertSame(whole, flow(choices.pieces(data), limits), "flow: $context")
    }

    /** One line of the input: where it starts, its bytes. */
    private class Line(val offset: Long, val bytes: ByteArray) {
        val isBlank: Boolean get() = bytes.all { it == SPACE || it == TAB }
    }

    private class Run(val values: List<JsonElement>, val failure: Throwable?)

    private fun push(pieces: List<ByteArray>, limits: DecodeLimits): Run {
        val values = ArrayList<JsonElement>()
        val decoder = NdjsonDecoder({ values += it }, limits)
        var failure: Throwable? = null
        try {
            for (piece in pieces) decoder.feed(piece)
            decoder.end()
        } catch (e: Throwable) {
            requireTyped(e, NdjsonParseException::class.java, LimitExceededException::class.java)
            failure = e
        }
        assertFailsWith<IllegalStateException> { decoder.feed(byteArrayOf(0x0A)) }
        return Run(values, failure)
    }

    private fun flow(pieces: List<ByteArray>, limits: DecodeLimits): Run {
        val values = ArrayList<JsonElement>()
        var failure: Throwable? = null
        runBlocking {
            try {
                pieces.asFlow().decodeNdjson(limits).collect { values += it }
            } catch (e: Throwable) {
                requireTyped(e, NdjsonParseException::class.java, LimitExceededException::class.java)
                failure = e
            }
        }
        return Run(values, failure)
    }

    /** The whole input's outcome against its lines: one value per non-blank line up to the failure, which is justified. */
    private fun check(run: Run, lines: List<Line>, limits: DecodeLimits, context: String) {
        val limit = minOf(limits.maxLineBytes, limits.maxEventBytes)
        val tooLong = lines.indexOfFirst { it.bytes.size > limit }
        val failure = run.failure
        val stop = when (failure) {
            null -> {
                assertEquals(-1, tooLong, "no line is longer than the limit, $context")
                lines.size
            }
            is NdjsonParseException -> {
                val at = (failure.lineNumber - 1).toInt()
                assertTrue(at in lines.indices && (tooLong < 0 || at < tooLong), "line ${failure.lineNumber} exists, $context")
                assertEquals(lines[at].offset, failure.offset, "offset of line ${failure.lineNumber}, $context")
                assertTrue(!lines[at].isBlank, "a blank line cannot fail, $context")
                assertTrue(failure.snippet.length <= 65, "snippet length, $context")
                at
            }
            else -> {
                failure as LimitExceededException
                assertTrue(tooLong >= 0, "a line is longer than the limit, $context")
                val name = if (limits.maxEventBytes < limits.maxLineBytes) "maxEventBytes" else "maxLineBytes"
                assertEquals(name, failure.limitName, context)
                assertEquals(lines[tooLong].offset + limit, failure.offset, "limit offset, $context")
                tooLong
            }
        }
        assertEquals(lines.subList(0, stop).count { !it.isBlank }, run.values.size, "one value per non-blank line, $context")
        for (value in run.values) {
            if (depth(value) <= 200) assertEquals(value, Json.parseToJsonElement(value.toString()), "value round trip, $context")
        }
    }

    private fun assertSame(expected: Run, actual: Run, context: String) {
        assertEquals(expected.values, actual.values, context)
        assertEquals(expected.failure?.javaClass, actual.failure?.javaClass, "failure ${expected.failure} / ${actual.failure}, $context")
        assertEquals(expected.failure?.message, actual.failure?.message, context)
    }

    private companion object {
        const val SPACE: Byte = 0x20
        const val TAB: Byte = 0x09
        const val CR: Byte = 0x0D
        const val LF: Byte = 0x0A

        /** The lines of the whole input: BOM dropped, CR, LF or CRLF ends a line, a last line without one counts. */
        fun lines(data: ByteArray): List<Line> {
            val out = ArrayList<Line>()
            var start = if (data.size >= 3 && data[0] == 0xEF.toByte() && data[1] == 0xBB.toByte() && data[2] == 0xBF.toByte()) 3 else 0
            var i = start
            while (i < data.size) {
                val b = data[i]
                if (b == CR || b == LF) {
                    out += Line(start.toLong(), data.copyOfRange(start, i))
                    if (b == CR && i + 1 < data.size && data[i + 1] == LF) i++
                    start = i + 1
                }
                i++
            }
            if (start < data.size) out += Line(start.toLong(), data.copyOfRange(start, data.size))
            return out
        }

        /** Nesting depth, without recursion. */
        fun depth(root: JsonElement): Int {
            var max = 0
            val stack = ArrayDeque<Pair<JsonElement, Int>>()
            stack.addLast(root to 1)
            while (stack.isNotEmpty()) {
                val (e, d) = stack.removeLast()
                max = maxOf(max, d)
                when (e) {
                    is JsonObject -> e.values.forEach { stack.addLast(it to d + 1) }
                    is JsonArray -> e.forEach { stack.addLast(it to d + 1) }
                    else -> Unit
                }
            }
            return max
        }
    }
}
