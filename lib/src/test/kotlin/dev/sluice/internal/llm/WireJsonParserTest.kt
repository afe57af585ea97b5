package dev.sluice.internal.llm

import dev.sluice.internal.ndjson.StrictJson
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.longOrNull
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

class WireJsonParserTest {
    private val parser = WireJsonParser()

    /** What event data parsed to before this parser: the kotlinx tree, checked by [StrictJson]. */
    private fun kotlinx(text: String): JsonElement? = try {
        Json.parseToJsonElement(text).also { StrictJson.check(it) }
    } catch (e: IllegalArgumentException) {
        null
    }

    private fun assertSameAsKotlinx(text: String) {
        val parsed = parser.parse(text)
        val expected = kotlinx(text) ?: error("kotlinx refuses $text")
        assertNull(parsed.tooDeep, text)
        val actual = parsed.json ?: error("refused: $text")
        assertEquals(expected, actual, text)
        assertEquals(expected.hashCode(), actual.hashCode(), text)
        assertEquals(expected.toString(), actual.toString(), text)
        assertEquals(Json.encodeToString(JsonElement.serializer(), expected), Json.encodeToString(JsonElement.serializer(), actual), text)
    }

    private fun assertRefused(text: String) {
        val parsed = parser.parse(text)
        assertNull(parsed.json, "accepted: $text")
        assertNull(parsed.tooDeep, text)
    }

    @Test
    fun validJsonReadsAsTheKotlinxTree() {
        listOf(
            """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1727346168,"choices":[{"index":0,"delta":{"content":"I'm"},"logprobs":null,"finish_reason":null}]}""",
            """ {"a" : [ 1 , -0 , 0.5 , -1.25e+10 , 1E-3 , 2e7 , 12345678901234567890123 ] ,"b":true,"c":false,"d":null} """,
            "\t\r\n[]\n", "{}", "[[], {}, [{}], {\"a\": {}}]", "\"\"", "\"text\"", "0", "-1", "true", "null",
            """{"k":"\" \\ \/ \b \f \n \r \t \u0041\u00e9\u20AC"}""",
            """{"pair":"\uD83D\uDE00","lone high":"\uD800","lone low":"\uDC00 x","reversed":"\uDC00\uD800"}""",
            "{\"raw\":\"caf\u00e9 \uD83D\uDE00 \u2028\"}",
            """{"a\"b":1,"\u0061":2,"a":3}""",
            """{"dup":1,"x":2,"dup":3}""",
            """[1,"1",1.0,"1.0",1e2]""",
        ).forEach(::assertSameAsKotlinx)
    }

    @Test
    fun repeatedKeyKeepsItsFirstPlaceAndLastValue() {
        val json = parser.parse("""{"a":1,"b":2,"a":{"c":3}}""").json!!.jsonObject
        assertEquals(listOf("a", "b"), json.keys.toList())
        assertEquals("""{"c":3}""", json["a"].toString())
        val big = (0 until 40).joinToString(",", "{", "}") { "\"k${it % 30}\":$it" }
        assertSameAsKotlinx(big)
        assertEquals(30, parser.parse(big).json!!.jsonObject.size)
    }

    @Test
    fun numbersKeepTheirWireText() {
        val json = parser.parse("""{"n":1e2,"m":-0,"big":123456789012345678901234567890,"f":0.10}""").json!!.jsonObject
        assertEquals("1e2", json["n"]!!.jsonPrimitive.content)
        assertEquals("-0", json["m"]!!.jsonPrimitive.content)
        assertEquals("123456789012345678901234567890", json["big"]!!.jsonPrimitive.content)
        assertEquals(false, json["f"]!!.jsonPrimitive.isString)
        assertEquals("0.10", json["f"].toString())
    }

    @Test
    fun integersReadAsKotlinxReadsThem() {
        listOf(
            "0", "-0", "7", "-12", "123456789012345678", "-123456789012345678", "1234567890123456789",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "01", "-01", "00",
            "1e2", "1E2", "1.0", "1.5", "-", "", "+1", "abc", "1a", "true",
        ).forEach { text ->
            val number = wireNumber(text)
            assertEquals(number.longOrNull, number.wireLongOrNull, text)
            assertEquals(JsonPrimitive(text).longOrNull, JsonPrimitive(text).wireLongOrNull, text)
        }
    }

    @Test
    fun invalidJsonIsRefused() {
        listOf(
            "", " ", "{", "}", "[", "]", "{\"a\":1", "[1", "\"abc", "\"abc\\\"", "{\"a\" 1}", "{\"a\":}", "{\"a\"}", "{a:1}",
            "{'a':1}", "{\"a\": oops}", "tru", "truex", "nul", "nullx", "True", "NaN", "Infinity", "-Infinity",
            "01", "-01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "1.5.2", "--1",
            "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{,\"a\":1}", "[1 2]", "{\"a\":1 \"b\":2}", "1 2", "{} {}", "{\"a\":1}x",
            "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\'\"", "\"\\", "\uFEFF{}",
            "[0]1,2]", "[0] 1]", "{\"a\":[1]2]}", "[DONE]", "data: {}", "{\"a\":1}\u0000",
        ).forEach(::assertRefused)
    }

    @Test
    fun rawControlCharactersInStringsAreKeptAsKotlinxKeepsThem() {
        listOf("\"a\tb\"", "\"a\nb\"", "{\"a\u0001\":1}", "{\"content\":\"x\ny\"}").forEach(::assertSameAsKotlinx)
        assertEquals("a\tb", parser.parse("\"a\tb\"").json!!.jsonPrimitive.content)
    }

    @Test
    fun nestingBeyondTheLimitIsRefusedWithItsReason() {
        val limit = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH)
        assertSameAsKotlinx(limit)
        val reason = "data is nested deeper than 256 levels"
        assertEquals(reason, parser.parse("[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1)).tooDeep)
        assertEquals(reason, parser.parse("{\"a\":".repeat(300) + "1" + "}".repeat(300)).tooDeep)
        // Far beyond any stack, valid or not, and deep after the point where the text stops being JSON.
        assertEquals(reason, parser.parse("[".repeat(1_000_000)).tooDeep)
        assertEquals(reason, parser.parse("x" + "[".repeat(300)).tooDeep)
        assertEquals(reason, parser.parse("{\"a\":1}" + "{".repeat(300)).tooDeep)
        // Brackets inside strings do not nest.
        assertSameAsKotlinx("\"" + "[".repeat(1000) + "\"")
        assertSameAsKotlinx("[\"\\\"" + "{".repeat(1000) + "\"]")
    }

    @Test
    fun repeatedStringsComeFromThePool() {
        val chunk = """{"id":"chatcmpl-1","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"}}]}"""
        val first = parser.parse(chunk).json!!.jsonObject
        val second = parser.parse(chunk).json!!.jsonObject
        assertEquals(first, second)
        assertSame(first.keys.first(), second.keys.first())
        assertSame(first["model"], second["model"])
        // A different value in the same place is not mistaken for the pooled one.
        val other = parser.parse(chunk.replace("gpt-4o", "gpt-4p")).json!!.jsonObject
        assertEquals("gpt-4p", other["model"]!!.jsonPrimitive.content)
        assertEquals(JsonPrimitive("0"), JsonPrimitive(parser.parse("\"0\"").json!!.jsonPrimitive.content))
        assertEquals(false, parser.parse("0").json!!.jsonPrimitive.isString)
        assertEquals(true, parser.parse("\"0\"").json!!.jsonPrimitive.isString)
    }

    @Test
    fun objectMapsBehaveAsKotlinxMaps() {
        val text = """{"b":1,"a":[true],"c":{"d":null}}"""
        val mine = parser.parse(text).json as JsonObject
        val theirs = Json.parseToJsonElement(text) as JsonObject
        assertEquals(theirs.entries.map { it.key to it.value }, mine.entries.map { it.key to it.value })
        assertEquals(theirs.keys.toList(), mine.keys.toList())
        assertEquals(theirs.values.toList(), mine.values.toList())
        assertTrue(mine.containsKey("a") && !mine.containsKey("z"))
        assertNull(mine["z"])
        assertEquals(theirs.hashCode(), mine.hashCode())
        assertEquals(theirs, mine)
        assertEquals(mine, theirs)
        assertTrue(mine["a"] is JsonArray)
    }

    @Test
    fun randomTextsAgreeWithTheGrammarAndKotlinx() {
        val random = java.util.Random(7)
        val deadline = System.nanoTime() + 2_000_000_000L
        var checked = 0
        while (checked < 30_000 && System.nanoTime() < deadline) {
            val text = WireJsonSamples.mutated(random)
            val parsed = parser.parse(text)
            val old = if (nestsTooDeep(text)) null else kotlinx(text)
            assertEquals(if (nestsTooDeep(text)) "data is nested deeper than 256 levels" else null, parsed.tooDeep, text)
            when {
                parsed.tooDeep != null -> assertNull(parsed.json)
                dev.sluice.fuzz.JsonSyntax.isJson(controlsEscapedInStrings(text)) -> {
                    assertEquals(old, parsed.json, text)
                    assertEquals(old.toString(), parsed.json.toString(), text)
                }
                else -> assertNull(parsed.json, "not JSON by the grammar, accepted: $text")
            }
            checked++
        }
        assertTrue(checked >= 1000, "only $checked texts checked")
    }

    /** [text] with raw control characters inside strings escaped: the grammar refuses them, we accept them as kotlinx does. */
    private fun controlsEscapedInStrings(text: String): String = buildString {
        var inString = false
        var i = 0
        while (i < text.length) {
            val c = text[i]
            when {
                inString && c == '\\' && i + 1 < text.length -> { append(c).append(text[i + 1]); i++ }
                c == '"' -> { inString = !inString; append(c) }
                inString && c < ' ' -> append("\\u%04x".format(c.code))
                else -> append(c)
            }
            i++
        }
    }
}
