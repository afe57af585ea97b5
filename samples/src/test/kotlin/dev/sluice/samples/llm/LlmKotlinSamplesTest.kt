package dev.sluice.samples.llm

import dev.sluice.testkit.defaultReplyText
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** Runs the Kotlin cancellation, partial tool arguments and multi-turn samples and checks what they printed. */
@Timeout(60)
class LlmKotlinSamplesTest {
    /** The samples' `main` functions share a package, so Kotlin names them through their JVM classes. */
    private fun runMain(sample: String) {
        try {
            Class.forName("dev.sluice.samples.llm.$sample").getMethod("main").invoke(null)
        } catch (e: java.lang.reflect.InvocationTargetException) {
            throw e.targetException
        }
    }

    @Test
    fun cancellingStopsTheAnswerAndClosesTheConnection() {
        val out = captured { runMain("LlmCancelSample") }
        val lines = out.lines()
        assertEquals("first five: word1 word2 word3 word4 word5", lines[0].trimEnd())
        assertTrue(lines[1].startsWith("word1 word2") && lines[1].contains("word20"), lines[1])
        assertTrue(!lines[1].contains("word200"), "the answer was cut short: ${lines[1]}")
        assertContains(out, "server streams still open: 0, closed: true")
        assertContains(out, "server saw 2 client disconnects")
    }

    @Test
    fun partialToolArgumentsGrowUntilTheCallIsComplete() {
        val out = captured { runMain("LlmToolArgumentsSample") }
        val lines = out.lines().filter { it.isNotBlank() }
        assertEquals("calling create_note (call_1)", lines.first())
        val snapshots = lines.filter { it.startsWith("  title=") }
        assertTrue(snapshots.size > 5, out)
        assertEquals("  title=… body=…", snapshots.first(), "nothing readable in the first fragment")
        assertTrue(snapshots.any { it.startsWith("  title=Rivers body=Rivers carve") && !it.endsWith("years.") }, "a body cut mid-way: $out")
        assertEquals("  title=Rivers body=Rivers carve canyons over millions of years.", snapshots.last())
        assertEquals("""complete: create_note({"title":"Rivers","body":"Rivers carve canyons over millions of years."})""", lines.last())
    }

    @Test
    fun everyTurnCarriesTheWholeConversation() {
        val out = captured { runMain("LlmMultiTurnSample") }
        for (question in listOf("What is a river?", "And a delta?", "Name one.")) {
            assertContains(out, "> $question\n${defaultReplyText(question)}\n")
        }
        assertContains(out, "turns sent: 3, messages in the last request: 6")
    }
}
