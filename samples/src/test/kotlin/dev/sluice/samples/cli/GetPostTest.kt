package dev.sluice.samples.cli

import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.textScript
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import java.io.File
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** `get --method/--data` against the bundled fake server, which only answers POST. */
@Timeout(30)
class GetPostTest {
    @TempDir
    lateinit var dir: File

    private val body = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"""

    @Test
    fun dataPostsJsonAndStreamsTheFakeServersEventsAsSse() {
        FakeLlmServer().start().use { fake ->
            fake.enqueue(textScript("Hello there"))
            val run = runCli("", "get", "${fake.openAiBaseUrl}/chat/completions", "--data", body, "--as", "sse")
            assertEquals(0, run.status, run.err)
            assertContains(run.out, "Hello")
            assertContains(run.out, "[DONE]")
            val request = fake.lastRequest()!!
            assertEquals("POST", request.method)
            assertEquals("application/json", request.header("Content-Type")?.substringBefore(';'))
        }
    }

    @Test
    fun dataFromAFileWithAnExplicitMethodWritesTheBodyToOutput() {
        val input = File(dir, "request.json").apply { writeText(body) }
        val output = File(dir, "answer.sse")
        FakeLlmServer().start().use { fake ->
            fake.enqueue(textScript("Saved answer"))
            val run = runCli("", "get", "${fake.openAiBaseUrl}/chat/completions", "--method", "post", "--data", "@${input.path}", "--output", output.path)
            assertEquals(0, run.status, run.err)
        }
        assertTrue(output.readText().contains("data: "), output.readText())
        assertContains(output.readText(), "Saved")
    }

    @Test
    fun unreadableDataFileAndBadMethodAreUsageErrors() {
        assertEquals(2, runCli("", "get", "http://127.0.0.1:1/x", "--data", "@${File(dir, "missing").path}").status)
        assertEquals(2, runCli("", "get", "http://127.0.0.1:1/x", "--method", "PO ST").status)
    }
}
