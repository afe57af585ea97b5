package dev.sluice.testkit

import dev.sluice.internal.testkit.splitFragments
import org.junit.jupiter.api.Test
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.time.Duration.Companion.milliseconds

class ScriptBuilderTest {
    @Test
    fun wordTokensKeepLeadingWhitespaceAndJoinBackExactly() {
        assertEquals(listOf("Hello", " big", "\n world"), wordTokensOf("Hello big\n world"))
        assertEquals(listOf("  lead", " trail  "), wordTokensOf("  lead trail  "))
        assertEquals(listOf("   "), wordTokensOf("   "))
        assertEquals(emptyList(), wordTokensOf(""))
        val text = "  multi\n\nline\ttext with émoji 🎉 end \n"
        assertEquals(text, wordTokensOf(text).joinToString(""))
    }

    @Test
    fun fragmentsNeverSplitASurrogatePair() {
        assertEquals(listOf("ab", "c"), splitFragments("abc", 2))
        assertEquals(listOf("a🎉", "b"), splitFragments("a🎉b", 2))
        assertEquals(emptyList(), splitFragments("", 3))
        assertFailsWith<IllegalArgumentException> { splitFragments("x", 0) }
    }

    @Test
    fun consecutiveTextAndReasoningMergeToolCallsStayApart() {
        val script = script {
            reasoning("a b")
            reasoning("c", signature = "sig")
            text("Hello")
            tokens(" there", "!")
            toolCall("c1", "f", "{\"x\":1}", fragmentLength = 3)
            toolCallFragments("c2", "g", listOf("{}"))
        }

        assertEquals("a bc", script.reasoning())
        assertEquals("Hello there!", script.text())
        assertEquals(listOf("Hello", " there", "!"), script.textTokens())
        assertEquals(listOf(ScriptedToolCall("c1", "f", "{\"x\":1}"), ScriptedToolCall("c2", "g", "{}")), script.toolCalls())
        assertEquals(3 + 3 + 3 + 1, script.deltaCount())
        assertEquals(FinishReason.TOOL_CALLS, script.finishReason)
    }

    @Test
    fun defaultsAndCopies() {
        val plain = textScript("hi")
        assertEquals(FinishReason.STOP, plain.finishReason)
        assertNull(plain.inputTokens)
        assertNull(plain.fault)
        assertEquals(Duration.ZERO, plain.tokenDelay)

        val paced = plain.toBuilder().timeToFirstToken(250.milliseconds).tokenDelay(Duration.ofMillis(20)).usage(1, 2).model("m").build()
        assertEquals(Duration.ofMillis(250), paced.timeToFirstToken)
        assertEquals(Duration.ofMillis(20), paced.tokenDelay)
        assertEquals(1, paced.inputTokens)
        assertEquals("m", paced.model)
        assertEquals("hi", paced.text())
        val withTool = plain.toBuilder().toolCall("c", "f", "{}").build()
        assertEquals(FinishReason.TOOL_CALLS, withTool.finishReason, "an unset finish reason is still derived after toBuilder")
    }

    @Test
    fun invalidValuesAreRejected() {
        assertFailsWith<IllegalArgumentException> { ScriptBuilder().usage(-1, 0) }
        assertFailsWith<IllegalArgumentException> { ScriptBuilder().toolCall("", "f", "{}") }
        assertFailsWith<IllegalArgumentException> { ScriptBuilder().tokenDelay(Duration.ofMillis(-1)) }
        assertFailsWith<IllegalArgumentException> { Fault.HttpError(200) }
        assertFailsWith<IllegalArgumentException> { Fault.DropConnection(-1) }
        assertFailsWith<IllegalArgumentException> { Fault.Stall(0, Duration.ofSeconds(-1)) }
        assertFailsWith<IllegalArgumentException> { FakeLlmServer(70000) }
    }
}
