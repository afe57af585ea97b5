package dev.sluice.internal.llm.provider.openai

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull

/**
 * The scanner resumes a chunk at its `choices` when the members before are the last chunk's, byte
 * for byte; it must read every chunk exactly as a fresh scanner would.
 */
class ChatChunkScannerTest {
    private fun chunk(id: String = "c1", created: String = "1700000000", text: String, space: String = "") =
        """{"id":"$id","object":"chat.completion.chunk","created":$created,"model":"gpt-x","system_fingerprint":"fp","choices":$space[{"index":0,"delta":{"content":"$text"},"finish_reason":null}]}"""

    private fun describe(c: ScannedChatChunk?): String? = c?.let {
        "${it.nonEmptyId()} ${it.nonEmptyModel()} ${it.createdText()} ${it.choiceCount} ${it.choice(0).content} ${it.choice(0).resolvedIndex}"
    }

    @Test
    fun aRepeatedPrefixIsResumedAndReadsAsAFreshScan() {
        val scanner = ChatChunkScanner()
        val chunks = listOf(
            chunk(text = "Hel"),
            chunk(text = "lo"), // same prefix: resumed
            chunk(text = "!", space = " \n"), // same prefix, spaced value: resumed
            chunk(id = "c2", text = "new id"), // another id: read in full
            chunk(id = "c2", created = "1700000001", text = "new time"), // another created: read in full
            chunk(id = "c2", created = "1700000001", text = "again"), // resumed
        )
        for (c in chunks) assertEquals(describe(ChatChunkScanner().scan(c)), describe(scanner.scan(c)), c)
        assertEquals(3, scanner.resumedCount)
        assertEquals("c2 gpt-x 1700000001 1 again 0", describe(scanner.scan(chunks.last())))
    }

    @Test
    fun aResumedChunkThatIsNotRecognisedGoesToTheTreePathAsAFreshOneWould() {
        val scanner = ChatChunkScanner()
        scanner.scan(chunk(text = "a"))
        val prefix = chunk(text = "a").substringBefore("[")
        for (rest in listOf("null}", "[{\"index\":0,\"delta\":{\"tool_calls\":[{}]}}]}", "[]}extra", "[{}],\"usage\":{\"total_tokens\":1}}")) {
            assertNull(scanner.scan(prefix + rest), rest)
            assertNull(ChatChunkScanner().scan(prefix + rest), rest)
        }
        assertEquals(4, scanner.resumedCount)
        assertEquals("c1 gpt-x 1700000000 1 b 0", describe(scanner.scan(chunk(text = "b"))))
    }
}
