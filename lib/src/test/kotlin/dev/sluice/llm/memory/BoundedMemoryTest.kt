package dev.sluice.llm.memory

import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Tag
import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * Views that do not need the final message keep nothing of it, and accumulation is capped: in a
 * forked JVM with a 64 MiB heap, a 96 Mi-character answer (192 MiB as Java chars) streams through
 * the text view, and `complete()` with an 8 Mi-character cap ends with `LlmLimitExceededException`
 * carrying the partial result, not `OutOfMemoryError`.
 */
@Tag("soak") // a forked JVM streaming hundreds of MiB: its own CI step, not the default tier
class BoundedMemoryTest {
    @Test
    fun endlessAnswerRunsInConstantMemoryThroughTheTextViewAndHitsTheCapThroughComplete() {
        val textChars = 96L * 1024 * 1024
        val cap = 8 * 1024 * 1024
        val java = File(System.getProperty("java.home"), "bin/java").path
        val process = ProcessBuilder(
            java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
            BoundedMemoryMain::class.java.name, textChars.toString(), cap.toString(),
        ).redirectErrorStream(true).start()
        try {
            val output = StringBuilder()
            val reader = Thread { output.append(process.inputStream.bufferedReader().readText()) }.also { it.start() }
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the forked JVM did not finish in time:\n$output")
            reader.join(5_000)
            val lines = output.lines()
            assertTrue("OutOfMemoryError" !in output, output.toString())
            val text = lines.first { it.startsWith("TEXT_OK") || it.startsWith("TEXT") }
            // 1,000 characters per chunk, so the count ends at the first multiple of 1,000 past the total.
            assertTrue(text.removePrefix("TEXT_OK ").toLong() >= textChars, text)
            val limit = lines.firstOrNull { it.startsWith("LIMIT") } ?: error("no limit line:\n$output")
            val parts = limit.split(" ")
            assertEquals("LIMIT_OK", parts[0], output.toString())
            assertTrue(parts[1].toInt() in (cap - 1000)..cap, "partial text length ${parts[1]}")
            assertEquals("maxAccumulatedChars", parts[2])
            assertEquals(0, process.exitValue(), output.toString())
        } finally {
            process.destroyForcibly()
        }
    }
}
