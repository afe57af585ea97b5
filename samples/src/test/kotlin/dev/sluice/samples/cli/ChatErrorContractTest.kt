package dev.sluice.samples.cli

import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.Fault
import dev.sluice.testkit.script
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/**
 * `chat`'s failure contract: whatever fails, the text already printed stays on standard output,
 * the status is 1 and the last line of standard error is exactly one JSON object with `error`,
 * `status`, `attempts`, `retryable`, `partial_chars` and `message`; invalid arguments exit 2 with
 * the usage and send nothing.
 */
@Timeout(60)
class ChatErrorContractTest {
    private val fake = FakeLlmServer().start()

    @AfterEach
    fun stop() = fake.close()

    private fun chat(vararg args: String, beforeText: (String) -> Unit = {}): CliRun {
        val out = ByteArrayOutputStream()
        val err = ByteArrayOutputStream()
        val io = CliIo(ByteArrayInputStream(ByteArray(0)), PrintStream(out, true, "UTF-8"), PrintStream(err, true, "UTF-8"))
        val status = ChatCommand({ null }, beforeText).run(args.toList(), io)
        return CliRun(status, out.toString("UTF-8"), err.toString("UTF-8"))
    }

    /** The last standard error line: exactly one JSON object with the six fields, in order. */
    private fun errorLine(run: CliRun): JsonObject {
        assertEquals(1, run.status, run.err)
        assertTrue(run.err.endsWith("}\n"), "the JSON line is last:\n${run.err}")
        val line = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals(listOf("error", "status", "attempts", "retryable", "partial_chars", "message"), line.keys.toList(), run.lastErrLine)
        assertFalse(run.err.contains("\tat "), "no stack trace:\n${run.err}")
        return line
    }

    @Test
    fun statusErrorsSayWhetherTheyAreRetryable() {
        for ((status, retryable) in listOf(401 to false, 400 to false, 429 to true, 500 to true, 503 to true, 529 to true)) {
            fake.enqueue(script { text("never"); fault(Fault.HttpError(status)) })
            val line = errorLine(chat("--max-retries", "0", "--base-url", fake.openAiBaseUrl, "hello"))
            assertEquals("LlmHttpException", line["error"]!!.jsonPrimitive.content)
            assertEquals(status, line["status"]!!.jsonPrimitive.int)
            assertEquals(retryable, line["retryable"]!!.jsonPrimitive.boolean, "HTTP $status")
            assertEquals(1, line["attempts"]!!.jsonPrimitive.int)
            assertEquals(0, line["partial_chars"]!!.jsonPrimitive.int)
        }
    }

    @Test
    fun retriedStatusErrorsCountEveryAttempt() {
        repeat(2) { fake.enqueue(script { text("never"); fault(Fault.HttpError(503)) }) }
        val before = fake.requestCount()
        val line = errorLine(chat("--max-retries", "1", "--base-url", fake.openAiBaseUrl, "hello"))
        assertEquals(503, line["status"]!!.jsonPrimitive.int)
        assertEquals(2, line["attempts"]!!.jsonPrimitive.int)
        assertEquals(true, line["retryable"]!!.jsonPrimitive.boolean)
        assertEquals(2, fake.requestCount() - before)
    }

    @Test
    fun aFailureMidAnswerKeepsTheTextAndCountsItsCharacters() {
        fake.enqueue(script { text("Rivers carve canyons slowly"); fault(Fault.StreamError(3, "invalid_request_error", "bad")) })
        val run = chat("--base-url", fake.openAiBaseUrl, "hello")
        val line = errorLine(run)
        assertEquals("Rivers carve canyons\n", run.out)
        assertEquals("LlmStreamException", line["error"]!!.jsonPrimitive.content)
        assertEquals(JsonNull, line["status"])
        assertEquals(false, line["retryable"]!!.jsonPrimitive.boolean)
        assertEquals("Rivers carve canyons".length, line["partial_chars"]!!.jsonPrimitive.int)

        fake.enqueue(script { text("one two three four"); fault(Fault.DropConnection(2)) })
        val dropped = chat("--provider", "anthropic", "--base-url", fake.anthropicBaseUrl, "hello")
        val drop = errorLine(dropped)
        assertEquals("one two\n", dropped.out)
        assertEquals("LlmInterruptedException", drop["error"]!!.jsonPrimitive.content)
        assertEquals(false, drop["retryable"]!!.jsonPrimitive.boolean, "output was delivered: sending again would repeat it")
        assertEquals(7, drop["partial_chars"]!!.jsonPrimitive.int)
    }

    @Test
    fun anyThrowableFromInsideTheCommandEndsWithTheJsonLine() {
        fake.enqueue(script { text("one two three") })
        var pieces = 0
        val run = chat("--base-url", fake.openAiBaseUrl, "hello") { if (++pieces == 2) throw IllegalStateException("renderer broke") }
        val line = errorLine(run)
        assertEquals("one\n", run.out)
        assertEquals("IllegalStateException", line["error"]!!.jsonPrimitive.content)
        assertEquals("renderer broke", line["message"]!!.jsonPrimitive.content)
        assertEquals(3, line["partial_chars"]!!.jsonPrimitive.int)

        fake.enqueue(script { text("one two three") })
        val oom = errorLine(chat("--base-url", fake.openAiBaseUrl, "hello") { throw OutOfMemoryError("Java heap space") })
        assertEquals("OutOfMemoryError", oom["error"]!!.jsonPrimitive.content)
        assertEquals(false, oom["retryable"]!!.jsonPrimitive.boolean)
    }

    @Test
    fun failingToWriteFinalJsonAfterTheAnswerIsAFailureWithTheWholeAnswerCounted(@TempDir dir: File) {
        fake.enqueue(script { text("Deltas form") })
        val notADir = File(dir, "plain-file").apply { writeText("x") }
        val run = chat("--base-url", fake.openAiBaseUrl, "--final-json", File(notADir, "final.json").path, "hello")
        val line = errorLine(run)
        assertEquals("Deltas form\n", run.out)
        assertEquals("FileNotFoundException", line["error"]!!.jsonPrimitive.content)
        assertEquals("Deltas form".length, line["partial_chars"]!!.jsonPrimitive.int)
    }

    @Test
    fun invalidArgumentsAreUsageErrorsThatSendNothing(@TempDir dir: File) {
        val invalid = listOf(
            listOf("--model", ""), listOf("--model="), listOf("--model", "  "), listOf("--system", ""),
            listOf("--max-tokens", "-1"), listOf("--max-tokens", "0"), listOf("--max-tokens", "ten"), listOf("--max-tokens", ""),
            listOf("--max-tokens", "99999999999"), listOf("--base-url", ""), listOf("--base-url", "not a url"),
            listOf("--base-url", "ftp://example.com/v1"), listOf("--base-url", "http://h:port/v1"), listOf("--base-url", "http://h/v1#x"),
            listOf("--final-json", ""), listOf("--final-json", dir.path), listOf("--provider", ""), listOf("--provider", "bogus"),
        )
        for (args in invalid) {
            val base = if (args[0].startsWith("--base-url")) emptyList() else listOf("--base-url", fake.openAiBaseUrl)
            val run = runCli("", "chat", *(args + base + "hi").toTypedArray())
            assertEquals(2, run.status, "$args:\n${run.err}")
            assertTrue(run.err.contains("usage: java -jar sluice-cli.jar chat"), "$args:\n${run.err}")
            assertFalse(run.err.contains("\tat ") || run.err.contains("Exception"), "$args:\n${run.err}")
        }
        for (prompt in listOf("", "   ")) assertEquals(2, runCli("", "chat", "--base-url", fake.openAiBaseUrl, prompt).status, "prompt '$prompt'")
        assertEquals(0, fake.requestCount())
    }

    @Test
    fun aRealOutOfMemoryErrorInAForkedJvmEndsWithTheJsonLineAndExitOne() {
        fake.enqueue(script { text("first second third") })
        val java = File(System.getProperty("java.home"), "bin/java").path
        val process = ProcessBuilder(
            java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
            ChatOutOfMemoryMain::class.java.name, "--base-url", fake.openAiBaseUrl, "hello",
        ).start()
        try {
            val out = StringBuilder()
            val err = StringBuilder()
            val readers = listOf(
                Thread { out.append(process.inputStream.bufferedReader().readText()) },
                Thread { err.append(process.errorStream.bufferedReader().readText()) },
            ).onEach { it.start() }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the forked JVM did not finish:\n$out\n$err")
            readers.forEach { it.join(5_000) }
            val run = CliRun(process.exitValue(), out.toString(), err.toString())
            val line = errorLine(run)
            assertEquals("first\n", run.out)
            assertEquals("OutOfMemoryError", line["error"]!!.jsonPrimitive.content)
            assertEquals(JsonPrimitive("first".length), line["partial_chars"])
            assertTrue(line["message"]!!.jsonPrimitive.content.contains("heap"), run.lastErrLine)
        } finally {
            process.destroyForcibly()
        }
    }
}
