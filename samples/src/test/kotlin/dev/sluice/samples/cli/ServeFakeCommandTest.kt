package dev.sluice.samples.cli

import dev.sluice.testkit.defaultReplyText
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.io.BufferedReader
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.InputStreamReader
import java.io.PipedInputStream
import java.io.PipedOutputStream
import java.io.PrintStream
import java.net.HttpURLConnection
import java.net.InetAddress
import java.net.ServerSocket
import java.net.URL
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertTrue

private val BASE_URL = Regex("http://127\\.0\\.0\\.1:(\\d+)/v1")

/** POSTs [json] to [url] on loopback and returns the whole body. */
private fun post(url: String, json: String): String {
    val connection = URL(url).openConnection() as HttpURLConnection
    try {
        connection.requestMethod = "POST"
        connection.doOutput = true
        connection.connectTimeout = 5_000
        connection.readTimeout = 5_000
        connection.setRequestProperty("Content-Type", "application/json")
        connection.outputStream.use { it.write(json.toByteArray()) }
        assertEquals(200, connection.responseCode)
        return connection.inputStream.use { String(it.readBytes(), Charsets.UTF_8) }
    } finally {
        connection.disconnect()
    }
}

private fun textOfChatStream(body: String): String =
    Regex("\"content\":\"([^\"]*)\"").findAll(body).joinToString("") { it.groupValues[1] }

@Timeout(60)
class ServeFakeCommandTest {
    @Test
    fun printsTheOpenAiBaseUrlFirstAndServesAllFormatsUntilStopped() {
        val stop = CountDownLatch(1)
        val pipe = PipedInputStream()
        val out = PrintStream(PipedOutputStream(pipe), true, "UTF-8")
        val err = ByteArrayOutputStream()
        var status = -1
        val thread = Thread {
            status = ServeFakeCommand(stop).run(emptyList(), CliIo(ByteArrayInputStream(ByteArray(0)), out, PrintStream(err, true, "UTF-8")))
            out.close()
        }
        thread.start()
        val reader = BufferedReader(InputStreamReader(pipe, Charsets.UTF_8))
        val first = reader.readLine()
        val match = BASE_URL.matchEntire(first)
        assertTrue(match != null, "first line must be exactly the OpenAI base URL, got '$first'")
        val port = match.groupValues[1].toInt()
        assertEquals("anthropic: http://127.0.0.1:$port", reader.readLine())
        assertEquals("ollama: http://127.0.0.1:$port", reader.readLine())
        assertEquals("gemini: http://127.0.0.1:$port", reader.readLine())

        val chat = post("$first/chat/completions", """{"model":"m","stream":true,"messages":[{"role":"user","content":"hello cli"}]}""")
        val anthropic = post("http://127.0.0.1:$port/v1/messages", """{"model":"c","stream":true,"max_tokens":9,"messages":[{"role":"user","content":"x"}]}""")
        val ollama = post("http://127.0.0.1:$port/api/chat", """{"model":"o","messages":[{"role":"user","content":"y"}]}""")
        val gemini = post(
            "http://127.0.0.1:$port/v1beta/models/g:streamGenerateContent?alt=sse",
            """{"contents":[{"role":"user","parts":[{"text":"hello gemini"}]}]}""",
        )

        assertEquals(defaultReplyText("hello cli"), textOfChatStream(chat))
        assertTrue(chat.trimEnd().endsWith("data: [DONE]"))
        assertTrue(anthropic.contains("event: message_stop"))
        assertTrue(ollama.contains("\"done\":true"))
        assertEquals(defaultReplyText("hello gemini"), Regex("\"text\":\"([^\"]*)\"").findAll(gemini).joinToString("") { it.groupValues[1] })
        assertTrue(gemini.contains("\"finishReason\":\"STOP\""), gemini)
        stop.countDown()
        thread.join(10_000)
        assertEquals(0, status)
        assertEquals(null, reader.readLine(), "nothing after the four URL lines")
    }

    @Test
    fun tokenDelayStillGivesTheSameReply() {
        val stop = CountDownLatch(1)
        val pipe = PipedInputStream()
        val out = PrintStream(PipedOutputStream(pipe), true, "UTF-8")
        val thread = Thread {
            ServeFakeCommand(stop).run(listOf("--token-delay-ms", "5"), CliIo(ByteArrayInputStream(ByteArray(0)), out, PrintStream(ByteArrayOutputStream())))
        }
        thread.start()
        val base = BufferedReader(InputStreamReader(pipe, Charsets.UTF_8)).readLine()

        val chat = post("$base/chat/completions", """{"model":"m","stream":true,"messages":[{"role":"user","content":"slow"}]}""")

        assertEquals(defaultReplyText("slow"), textOfChatStream(chat))
        stop.countDown()
        thread.join(10_000)
    }

    @Test
    fun aTakenPortFailsWithTheJsonErrorLine() {
        ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")).use { taken ->
            val run = runCli("", "serve-fake", "--port", taken.localPort.toString())

            assertEquals(1, run.status)
            assertEquals("", run.out)
            assertTrue(run.lastErrLine.startsWith("{\"error\":\"IllegalStateException\""), run.lastErrLine)
            assertTrue(run.lastErrLine.contains("127.0.0.1:${taken.localPort}"), run.lastErrLine)
        }
    }

    @Test
    fun badOptionsAreUsageErrors() {
        assertEquals(2, runCli("", "serve-fake", "--port", "abc").status)
        assertEquals(2, runCli("", "serve-fake", "--port", "70000").status)
        assertEquals(2, runCli("", "serve-fake", "--token-delay-ms", "-1").status)
        assertEquals(2, runCli("", "serve-fake", "--bogus").status)
        val help = runCli("", "serve-fake", "--help")
        assertEquals(0, help.status)
        assertTrue(help.out.startsWith("usage: java -jar sluice-cli.jar serve-fake [--port P]"))
        assertTrue(help.out.contains("Gemini") && help.out.contains("streamGenerateContent"), help.out)
    }

    @Test
    fun asAProcessTheFirstStdoutLineIsTheBaseUrlAndItRunsUntilKilled() {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val process = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.sluice.samples.cli.SluiceCli", "serve-fake")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
        try {
            val first = BufferedReader(InputStreamReader(process.inputStream, Charsets.UTF_8)).readLine()
            assertTrue(first != null && BASE_URL.matches(first), "first line: '$first'")

            val chat = post("$first/chat/completions", """{"model":"m","stream":true,"messages":[{"role":"user","content":"from a process"}]}""")

            assertEquals(defaultReplyText("from a process"), textOfChatStream(chat))
            assertTrue(process.isAlive, "serve-fake keeps running")
        } finally {
            process.destroy()
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
        }
        assertTrue(!process.isAlive)
    }
}
