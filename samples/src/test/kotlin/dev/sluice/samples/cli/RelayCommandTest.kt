package dev.sluice.samples.cli

import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.defaultReplyText
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.io.BufferedReader
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.InputStreamReader
import java.io.PipedInputStream
import java.io.PipedOutputStream
import java.io.PrintStream
import java.util.concurrent.CountDownLatch
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

@Timeout(60)
class RelayCommandTest {
    /** Runs `relay` with [args] and [environment] until [use] returns; gives the first two lines and stderr. */
    private fun relay(environment: Map<String, String>, vararg args: String, use: (String, String) -> Unit): String {
        val stop = CountDownLatch(1)
        val pipe = PipedInputStream()
        val out = PrintStream(PipedOutputStream(pipe), true, "UTF-8")
        val err = ByteArrayOutputStream()
        var status = -1
        val thread = Thread {
            status = RelayCommand({ environment[it] }, stop).run(args.toList(), CliIo(ByteArrayInputStream(ByteArray(0)), out, PrintStream(err, true, "UTF-8")))
            out.close()
        }
        thread.start()
        try {
            val reader = BufferedReader(InputStreamReader(pipe, Charsets.UTF_8))
            use(reader.readLine(), reader.readLine())
        } finally {
            stop.countDown()
            thread.join(10_000)
        }
        assertEquals(0, status, err.toString("UTF-8"))
        return err.toString("UTF-8")
    }

    @Test
    fun withoutUpstreamItRelaysTheEmbeddedFakeAndPrintsItsBaseUrlThenItsPage() {
        relay(emptyMap()) { baseUrl, page ->
            val port = Regex("http://127\\.0\\.0\\.1:(\\d+)/v1").matchEntire(baseUrl)!!.groupValues[1]
            assertEquals("http://127.0.0.1:$port/", page)
            val body = RelayHttpForCli.post("$baseUrl/chat/completions", """{"model":"m","stream":true,"messages":[{"role":"user","content":"hello relay"}]}""")
            assertEquals(defaultReplyText("hello relay"), Regex("\"content\":\"([^\"]*)\"").findAll(body).joinToString("") { it.groupValues[1] })
        }
    }

    @Test
    fun aKeyFromTheEnvironmentGoesUpstreamAndIsNeverPrinted() {
        FakeLlmServer().start().use { fake ->
            val err = relay(mapOf("OPENAI_API_KEY" to "sk-very-secret-1234"), "--base-url", fake.openAiBaseUrl, "--port", "0") { baseUrl, _ ->
                RelayHttpForCli.post("$baseUrl/chat/completions", """{"model":"m","stream":true,"messages":[{"role":"user","content":"k"}]}""")
            }
            assertEquals("Bearer sk-very-secret-1234", fake.lastRequest()!!.header("Authorization"))
            assertFalse("sk-very-secret" in err, err)
        }
    }

    @Test
    fun usageErrorsExit2WithTheUsage() {
        for (args in listOf(arrayOf("--port", "x"), arrayOf("--provider", "nope"), arrayOf("--base-url", "ftp://x"), arrayOf("--bogus", "1"))) {
            val run = runCli("", "relay", *args)
            assertEquals(2, run.status, args.joinToString(" "))
            assertTrue("usage: java -jar sluice-cli.jar relay" in run.err, run.err)
            assertEquals("", run.out)
        }
    }
}

private object RelayHttpForCli {
    fun post(url: String, json: String): String {
        val client = java.net.http.HttpClient.newHttpClient()
        val request = java.net.http.HttpRequest.newBuilder(java.net.URI(url)).timeout(java.time.Duration.ofSeconds(20))
            .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build()
        return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body()
    }
}
