package dev.sluice.samples.cli

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.io.File
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/**
 * The CLI in its own JVM with a 64 MiB heap, fed a 100 MB line without a line break through its
 * standard input: decoding as a stream, it stops at the 8 MiB line limit with the JSON error line
 * instead of running out of memory, and what it printed before is on standard output.
 */
@Timeout(120)
class DecodeHugeLineTest {
    @TempDir
    lateinit var dir: Path

    @ParameterizedTest(name = "decode {0}")
    @ValueSource(strings = ["sse", "ndjson"])
    fun aHundredMegabyteLineUnderA64MegabyteHeapEndsWithTheLimitErrorLine(format: String) {
        val (prefix, before) = if (format == "sse") {
            "data: before\n\ndata: " to """{"type":"message","data":"before","id":null}"""
        } else {
            "\"before\"\n\"" to "\"before\""
        }
        val stdout = dir.resolve("stdout").toFile()
        val stderr = dir.resolve("stderr").toFile()
        val java = File(System.getProperty("java.home"), "bin/java").path
        val process = ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), MAIN_CLASS, "decode", format)
            .redirectOutput(stdout)
            .redirectError(stderr)
            .start()
        val written = AtomicLong()
        val writer = Thread({ writeHugeLine(process, prefix.toByteArray(), written) }, "huge-line-writer")
        try {
            writer.isDaemon = true
            writer.start()
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI did not exit within 60 s")
            val err = Files.readString(stderr.toPath())
            assertFalse(err.contains("OutOfMemoryError"), err)
            assertEquals(1, process.exitValue(), err)
            val last = err.lines().last { it.isNotEmpty() }
            val error = Json.parseToJsonElement(last).jsonObject
            assertEquals("LimitExceededException", error.getValue("error").jsonPrimitive.content, last)
            assertTrue(error.getValue("message").jsonPrimitive.content.contains("maxLineBytes=8388608"), last)
            assertEquals(listOf(before), Files.readAllLines(stdout.toPath()), "what was decoded before the error is printed")
            assertTrue(written.get() < HUGE_LINE_BYTES, "the CLI stopped reading at the limit, after ${written.get()} bytes")
        } finally {
            process.destroyForcibly()
            writer.join(TimeUnit.SECONDS.toMillis(10))
        }
    }

    /** Writes [prefix] then 100 MB of `x` without a line break, generated 64 KiB at a time. */
    private fun writeHugeLine(process: Process, prefix: ByteArray, written: AtomicLong) {
        val block = ByteArray(64 * 1024) { 'x'.code.toByte() }
        try {
            process.outputStream.use { stdin ->
                stdin.write(prefix)
                var left = HUGE_LINE_BYTES
                while (left > 0) {
                    val n = minOf(left, block.size.toLong()).toInt()
                    stdin.write(block, 0, n)
                    left -= n
                    written.addAndGet(n.toLong())
                }
            }
        } catch (expected: IOException) {
            // The CLI exited at the limit and closed its end of the pipe.
        }
    }

    private companion object {
        const val MAIN_CLASS = "dev.sluice.samples.cli.SluiceCli"
        const val HUGE_LINE_BYTES = 100L * 1000 * 1000
    }
}
