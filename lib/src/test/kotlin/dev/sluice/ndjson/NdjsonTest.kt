package dev.sluice.ndjson

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

@Timeout(20)
class NdjsonTest {
    @Serializable
    data class Chunk(val model: String, val done: Boolean, val text: String = "")

    private fun bytes(vararg s: String) = s.map { it.toByteArray() }.asFlow()

    @Test
    fun eachLineIsOneJsonElement() = runBlocking<Unit> {
        val values = bytes("{\"a\":1}\n[1,2]\n\"s\"\n3\nnull\n").decodeNdjson().toList()
        assertEquals(listOf("{\"a\":1}", "[1,2]", "\"s\"", "3", "null"), values.map { it.toString() })
    }

    @Test
    fun blankLinesAreSkippedAndCrlfAndALastLineWithoutBreakCount() = runBlocking<Unit> {
        val values = bytes("\n{\"a\":1}\r\n \t\r\n\r\n{\"a\":", "2}\r{\"a\":3}").decodeNdjson().toList()
        assertEquals(listOf(1, 2, 3), values.map { it.jsonObject.getValue("a").toString().toInt() })
    }

    @Test
    fun aSerializerNamesTheValueType() = runBlocking<Unit> {
        val lenient = Json { ignoreUnknownKeys = true }
        val input = "{\"model\":\"m\",\"done\":false,\"text\":\"Hel\",\"extra\":1}\n{\"model\":\"m\",\"done\":true}\n"
        val values = bytes(input).decodeNdjson(Chunk.serializer(), json = lenient).toList()
        assertEquals(listOf(Chunk("m", false, "Hel"), Chunk("m", true)), values)
    }

    @Test
    fun aMalformedLineFailsWithItsLineNumberAndSnippetAfterTheValuesBeforeIt() = runBlocking<Unit> {
        val got = ArrayList<JsonElement>()
        val e = assertFailsWith<NdjsonParseException> {
            bytes("{\"a\":1}\n\n{\"a\":2}\r\n{\"a\": oops}\n{\"a\":4}\n").decodeNdjson().collect { got.add(it) }
        }
        assertEquals(2, got.size)
        assertEquals(4L, e.lineNumber, "blank lines count")
        assertEquals("{\"a\": oops}", e.snippet)
        assertEquals(18L, e.offset)
        assertTrue(e.message!!.contains("line 4"), e.message)
    }

    @Test
    fun unquotedWordsAreNotJson() = runBlocking<Unit> {
        for (bad in listOf("oops", "1 2", "{}{}", "{\"a\": oops}", "[1, tru]", "01", "1.", "-", "1e", "NaN", "Infinity")) {
            assertFailsWith<NdjsonParseException>(bad) { bytes(bad + "\n").decodeNdjson().toList() }
        }
        val good = bytes("[true, false, null, 0, -1.5e+3, 12E-2, 7]\n").decodeNdjson().toList()
        assertEquals("[true,false,null,0,-1.5e+3,12E-2,7]", good.single().toString())
    }

    @Test
    fun aWrongTypeIsAParseErrorToo() = runBlocking<Unit> {
        val e = assertFailsWith<NdjsonParseException> {
            bytes("{\"model\":\"m\",\"done\":\"nope\"}\n").decodeNdjson(Chunk.serializer()).toList()
        }
        assertEquals(1L, e.lineNumber)
    }

    @Test
    fun theSnippetIsShort() = runBlocking<Unit> {
        val long = "{\"text\": \"" + "x".repeat(500) + "\""
        val e = assertFailsWith<NdjsonParseException> { bytes(long + "\n").decodeNdjson().toList() }
        assertTrue(e.snippet.length <= 65, "snippet length ${e.snippet.length}")
        assertTrue(e.snippet.endsWith("…"))
        assertTrue(long.startsWith(e.snippet.dropLast(1)))
    }

    @Test
    fun aValueLongerThanTheLimitFails() = runBlocking<Unit> {
        val e = assertFailsWith<LimitExceededException> {
            bytes("[1]\n[" + "1,".repeat(100) + "1]\n").decodeNdjson(DecodeLimits().withMaxEventBytes(50)).toList()
        }
        assertEquals("maxEventBytes", e.limitName)
        assertEquals(4L + 50, e.offset)
    }

    @Test
    fun pushDecoderDeliversValuesAsLinesComplete() {
        val values = ArrayList<JsonElement>()
        val decoder = NdjsonDecoder({ values.add(it) })
        val input = "{\"k\":\"\u4E2D\"}\n7\n".toByteArray()
        input.forEach { decoder.feed(byteArrayOf(it)) }
        assertEquals(2, values.size, "both lines complete before end()")
        decoder.end()
        assertEquals(JsonPrimitive("\u4E2D"), values[0].jsonObject["k"])
        assertEquals(JsonPrimitive(7), values[1])
        assertFailsWith<IllegalStateException> { decoder.feed(byteArrayOf(1)) }
    }

    @Test
    fun typedPushDecoder() {
        val values = ArrayList<Chunk>()
        val decoder = NdjsonDecoder(Chunk.serializer(), { values.add(it) })
        decoder.feed("{\"model\":\"a\",\"done\":true}".toByteArray())
        decoder.end()
        assertEquals(listOf(Chunk("a", true)), values)
    }
}
