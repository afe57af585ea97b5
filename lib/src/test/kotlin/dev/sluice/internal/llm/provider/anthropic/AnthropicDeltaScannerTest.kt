package dev.sluice.internal.llm.provider.anthropic

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull

/**
 * The scanner resumes a delta at its payload when everything before it is the last delta's, byte
 * for byte; it must read every event exactly as a fresh scanner would, or not at all.
 */
class AnthropicDeltaScannerTest {
    private fun delta(index: Int = 0, type: String = "text_delta", key: String = "text", payload: String, space: String = "", tail: String = "") =
        """{"type":"content_block_delta","index":$index,"delta":{"type":"$type","$key":$space"$payload"$tail}}"""

    private fun describe(d: ScannedBlockDelta?): String? = d?.let { "${it.index} ${it.deltaType} ${it.payload}" }

    @Test
    fun aRepeatedPrefixIsResumedAndReadsAsAFreshScan() {
        val scanner = AnthropicDeltaScanner()
        val events = listOf(
            delta(payload = "Hel"),
            delta(payload = "lo"), // same prefix: resumed
            delta(payload = "!", space = " \n"), // same prefix, spaced value: resumed
            delta(payload = "esc\\n\\u00e9\\\"q"), // resumed, escapes decoded
            delta(payload = "x", tail = ""","extra":[1,{"a":null}]"""), // resumed, a member after the payload
            delta(index = 1, type = "input_json_delta", key = "partial_json", payload = "{\\\"a\\\""), // another block: read in full
            delta(index = 1, type = "input_json_delta", key = "partial_json", payload = ":1}"), // resumed
            delta(index = 2, type = "thinking_delta", key = "thinking", payload = "hmm"),
            delta(index = 2, type = "signature_delta", key = "signature", payload = "sig"), // another type: read in full
        )
        for (e in events) assertEquals(describe(AnthropicDeltaScanner().scan(e)), describe(scanner.scan(e)), e)
        assertEquals(5, scanner.resumedCount)
        assertEquals("0 text_delta esc\né\"q", describe(scanner.scan(events[3])))
        assertEquals("1 input_json_delta :1}", describe(AnthropicDeltaScanner().scan(events[6])))
    }

    @Test
    fun aResumedEventThatIsNotRecognisedGoesToTheTreePathAsAFreshOneWould() {
        val scanner = AnthropicDeltaScanner()
        scanner.scan(delta(payload = "a"))
        val prefix = delta(payload = "a").substringBefore("\"a\"")
        val rests = listOf(
            "null}}", // a null payload
            "5}}", // a payload of another type
            "\"a\",\"text\":\"b\"}}", // the payload repeated
            "\"a\"}}x", // junk after the event
            "\"a\"},\"index\":1}", // the index repeated
            "\"a\",\"type\":\"text_delta\"}}", // the delta's type repeated
            "\"a\"},\"error\":{}}", // an error member
            "\"a\"", // cut
        )
        for (rest in rests) {
            assertNull(scanner.scan(prefix + rest), rest)
            assertNull(AnthropicDeltaScanner().scan(prefix + rest), rest)
        }
        assertEquals(rests.size, scanner.resumedCount)
        assertEquals("0 text_delta b", describe(scanner.scan(delta(payload = "b"))))
    }

    @Test
    fun otherEventsAndDeltasAreNotRecognised() {
        val scanner = AnthropicDeltaScanner()
        val others = listOf(
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{}}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta"}}""", // no payload
            """{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}}""", // no index
            """{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"a"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","thinking":7}}""",
            """{"type":"content_block_delta","index":0,"delta":null}""",
            """{"type":"message_stop"}""",
            "[]",
        )
        for (e in others) assertNull(scanner.scan(e), e)
        assertEquals(
            "3 text_delta a",
            describe(scanner.scan("""{ "delta" : { "thinking" : "t", "text" : "a", "type" : "text_delta" }, "index" : 3, "type" : "content_block_delta" }""")),
        )
    }
}
