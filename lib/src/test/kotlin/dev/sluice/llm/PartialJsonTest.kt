package dev.sluice.llm

import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.Json
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource
import kotlin.test.assertEquals
import kotlin.test.assertNull

class PartialJsonTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = [
            """{"city": "Par|{"city":"Par"}""",
            """{"a": 1, "b|{"a":1}""",
            """{"a": 1, "b"|{"a":1}""",
            """{"a": 1, "b":|{"a":1}""",
            """{"a": 1,|{"a":1}""",
            """{"a": [1, 2|{"a":[1,2]}""",
            """{"a": [1, {"b": "x|{"a":[1,{"b":"x"}]}""",
            """{"a": tr|{}""",
            """{"a": true|{"a":true}""",
            """{"a": nul|{}""",
            """{"a": -|{}""",
            """{"a": 12|{"a":12}""",
            """{"a": 1.|{"a":1}""",
            """{"a": 1.5e|{"a":1.5}""",
            """{"s": "line\|{"s":"line"}""",
            """{"s": "\u00e|{"s":""}""",
            """{"s": "\u00e9|{"s":"é"}""",
            """{"s": "say \"hi\"|{"s":"say \"hi\""}""",
            """[|[]""",
            """{|{}""",
            """{"a":{"b":{"c":[[""|{"a":{"b":{"c":[[""]]}}}""",
            """  {"done": true}  |{"done":true}""",
        ],
    )
    fun completesAPrefix(prefix: String, expected: String) {
        assertEquals(Json.parseToJsonElement(expected), parsePartialJson(prefix))
        assertEquals(expected, completePartialJson(prefix))
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = ["{\"a\" 1", "{\"a\":1}}", "{'a':1}", "[1,,2", "{\"a\":1,}", "hello", "{\"a\": tx"])
    fun returnsNullForTextThatIsNotAJsonPrefix(text: String) {
        assertNull(parsePartialJson(text))
        assertNull(completePartialJson(text))
    }

    @Test
    fun returnsNullWhenNothingUsableArrivedYet() {
        assertNull(parsePartialJson(""))
        assertNull(parsePartialJson("   "))
    }

    @Test
    fun topLevelScalarsArePartialToo() {
        assertEquals("\"ab\"", completePartialJson("\"ab"))
        assertEquals("42", completePartialJson("42"))
        assertNull(completePartialJson("-"))
    }

    @Test
    fun everyPrefixOfRealArgumentsIsReadableAndTheWholeIsExact() {
        val full = """{"path": "src/a.kt", "lines": [1, 20], "opts": {"dry": false, "note": "\"quoted\" \u00e9"}}"""
        for (end in 1..full.length) {
            val prefix = full.substring(0, end)
            val parsed = completePartialJson(prefix)
            if (prefix.trimEnd().endsWith("-")) continue
            assertEquals(true, parsed != null, "prefix '$prefix' gave null")
        }
        assertEquals(Json.parseToJsonElement(full), parsePartialJson(full))
    }

    @Test
    fun deepNestingIsRefusedNotAStackOverflow() {
        assertNull(parsePartialJson("[".repeat(100_000)))
        assertEquals("[[[]]]", completePartialJson("[[["))
    }

    @Test
    fun toolCallArgumentsJsonIsReadableWhileStreaming() {
        val d = LlmStreamDecoder(Provider.OPENAI_CHAT)
        d.feed(dev.sluice.sse.ServerSentEvent("message", """{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t","function":{"name":"f","arguments":"{\"city\": \"Ber"}}]}}]}""", null))
        val call = d.snapshot().toolCalls.single()
        assertEquals("{\"city\": \"Ber", call.arguments)
        assertEquals("{\"city\":\"Ber\"}", call.argumentsJson())
        assertEquals(false, call.isComplete)
    }
}
