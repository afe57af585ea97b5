package dev.sluice.samples.cli

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import java.io.File
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertTrue

@Timeout(30)
class GetCommandTest {
    @TempDir
    lateinit var dir: File

    private val sse = "retry: 1500\nid: 1\ndata: first\n\nevent: update\ndata: line 1\ndata: line 2\n\n: comment\nid: 2\ndata: {\"k\": \"v\"}\n\n"
    private val ndjson = "{\"a\": 1, \"b\": [true, null]}\n\n\"text\"\n42\n"

    private fun server() = TinyHttpServer { path ->
        when (path) {
            "/events" -> TinyHttpServer.Response(200, "text/event-stream; charset=utf-8", sse)
            "/values" -> TinyHttpServer.Response(200, "application/x-ndjson", ndjson)
            "/text" -> TinyHttpServer.Response(200, "text/plain; charset=utf-8", "héllo\r\nwörld\nlast")
            "/blob" -> TinyHttpServer.Response(200, "application/octet-stream", ByteArray(300_000) { (it % 256).toByte() })
            "/unknown-length" -> TinyHttpServer.Response(200, "application/octet-stream", ByteArray(50_000) { 7 }, announceLength = false)
            "/html" -> TinyHttpServer.Response(200, "text/html", "<p>not events</p>")
            else -> TinyHttpServer.Response(404, "application/json", "{\"error\":\"no route $path\"}")
        }
    }

    @Test
    fun defaultPrintsTheBodyAsReceived() {
        server().use { server ->
            val run = runCli("", "get", server.url + "/text")
            assertEquals(0, run.status, run.err)
            assertEquals("héllo\r\nwörld\nlast", run.out)
        }
    }

    @Test
    fun asTextAndAsLines() {
        server().use { server ->
            assertEquals("héllo\r\nwörld\nlast", runCli("", "get", server.url + "/text", "--as", "text").out)
            val lines = runCli("", "get", "--as=lines", server.url + "/text")
            assertEquals(0, lines.status, lines.err)
            assertEquals(listOf("héllo", "wörld", "last"), lines.outLines)
        }
    }

    @Test
    fun asSsePrintsExactlyWhatDecodeSsePrints() {
        server().use { server ->
            val got = runCli("", "get", server.url + "/events", "--as", "sse")
            val decoded = runCli(sse, "decode", "sse")
            assertEquals(0, got.status, got.err)
            assertEquals(decoded.out, got.out)
            assertEquals(4, got.outLines.size, got.out)
            assertEquals("{\"retry\":1500,\"last_event_id\":\"2\"}", got.outLines.last())
            assertEquals("text/event-stream", server.requests.single()["accept"])
        }
    }

    @Test
    fun asNdjsonPrintsExactlyWhatDecodeNdjsonPrints() {
        server().use { server ->
            val got = runCli("", "get", server.url + "/values", "--as", "ndjson")
            assertEquals(0, got.status, got.err)
            assertEquals(runCli(ndjson, "decode", "ndjson").out, got.out)
            assertEquals(listOf("{\"a\":1,\"b\":[true,null]}", "\"text\"", "42"), got.outLines)
        }
    }

    @Test
    fun headersAreSent() {
        server().use { server ->
            val run = runCli("", "get", server.url + "/text", "--header", "Authorization: Bearer abc", "--header=X-Trace:  42 ")
            assertEquals(0, run.status, run.err)
            assertEquals("Bearer abc", server.requests.single()["authorization"])
            assertEquals("42", server.requests.single()["x-trace"])
        }
    }

    @Test
    fun outputWritesTheFileWithAPercentProgressBar() {
        server().use { server ->
            val file = File(dir, "blob.bin")
            val run = runCli("", "get", server.url + "/blob", "--output", file.path)
            assertEquals(0, run.status, run.err)
            assertEquals("", run.out)
            assertContentEquals(ByteArray(300_000) { (it % 256).toByte() }, file.readBytes())
            val finalState = run.err.trimEnd().substringAfterLast('\r')
            assertContains(finalState, "100%")
            assertContains(finalState, "293.0 KiB / 293.0 KiB")
        }
    }

    @Test
    fun outputOfUnknownLengthShowsBytesAndRate() {
        server().use { server ->
            val file = File(dir, "stream.bin")
            val run = runCli("", "get", server.url + "/unknown-length", "--output", file.path)
            assertEquals(0, run.status, run.err)
            assertEquals(50_000, file.length())
            val finalState = run.err.trimEnd().substringAfterLast('\r')
            assertTrue(finalState.startsWith("48.8 KiB  "), finalState)
            assertTrue(finalState.endsWith("/s"), finalState)
            assertTrue("%" !in finalState, finalState)
        }
    }

    @Test
    fun statusOutside2xxExitsOneWithTheJsonErrorLine() {
        server().use { server ->
            val run = runCli("", "get", server.url + "/missing", "--as", "sse")
            assertEquals(1, run.status)
            assertEquals("", run.out)
            val error = Json.parseToJsonElement(run.lastErrLine).jsonObject
            assertEquals(listOf("error", "status", "message"), error.keys.toList())
            assertEquals("HttpStatusException", error["error"]!!.jsonPrimitive.content)
            assertEquals(404, error["status"]!!.jsonPrimitive.int)
            assertContains(error["message"]!!.jsonPrimitive.content, "no route /missing")
        }
    }

    @Test
    fun errorStatusWithOutputLeavesNoFile() {
        server().use { server ->
            val file = File(dir, "never.bin")
            val run = runCli("", "get", server.url + "/missing", "--output", file.path)
            assertEquals(1, run.status)
            assertEquals("HttpStatusException", Json.parseToJsonElement(run.lastErrLine).jsonObject["error"]!!.jsonPrimitive.content)
            assertTrue(!file.exists())
        }
    }

    @Test
    fun refusedConnectionHasANullStatus() {
        val port = TinyHttpServer.closedPort()
        val run = runCli("", "get", "http://127.0.0.1:$port/")
        assertEquals(1, run.status)
        val error = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals("HttpTransportException", error["error"]!!.jsonPrimitive.content)
        assertEquals(JsonNull, error["status"])
    }

    @Test
    fun aFailureOutsideHttpKeepsGetsShape(@org.junit.jupiter.api.io.TempDir dir: java.io.File) {
        server().use { server ->
            val run = runCli("", "get", server.url + "/html", "--output", java.io.File(dir, "missing-dir/out.html").path)
            assertEquals(1, run.status)
            val error = Json.parseToJsonElement(run.lastErrLine).jsonObject
            assertEquals(listOf("error", "status", "message"), error.keys.toList())
            assertEquals("FileNotFoundException", error["error"]!!.jsonPrimitive.content)
            assertEquals(JsonNull, error["status"])
        }
        assertEquals(2, runCli("", "get", "").status, "an empty URL is a usage error")
        assertEquals(2, runCli("", "get", "http://127.0.0.1:1/", "--output", "").status)
        assertEquals(2, runCli("", "get", "http://127.0.0.1:1/", "--header", ": v").status)
    }

    @Test
    fun sseOnAnHtmlPageNamesTheContentType() {
        server().use { server ->
            val run = runCli("", "get", server.url + "/html", "--as", "sse")
            assertEquals(1, run.status)
            val error = Json.parseToJsonElement(run.lastErrLine).jsonObject
            assertEquals("UnexpectedContentTypeException", error["error"]!!.jsonPrimitive.content)
            assertEquals(JsonNull, error["status"])
            assertContains(error["message"]!!.jsonPrimitive.content, "text/html")
        }
    }

    @Test
    fun badArgumentsAreUsageErrors() {
        assertEquals(2, runCli("", "get").status)
        assertEquals(2, runCli("", "get", "http://127.0.0.1:1/", "--as", "xml").status)
        assertEquals(2, runCli("", "get", "http://127.0.0.1:1/", "--header", "no colon").status)
        assertEquals(2, runCli("", "get", "http://127.0.0.1:1/", "--as", "sse", "--output", "x").status)
        assertEquals(2, runCli("", "get", "not a url").status)
        assertEquals(2, runCli("", "get", "http://127.0.0.1:1/", "--verbose").status)
        val help = runCli("", "get", "--help")
        assertEquals(0, help.status)
        assertContains(help.out, "get URL [--as bytes|text|lines|sse|ndjson] [--output FILE]")
        assertContains(help.out, "[--method M] [--data BODY|@FILE] [--header 'Name: value']...")
    }

    @Test
    fun progressRendering() {
        assertEquals("[===============>              ]  50%  512 B / 1.0 KiB  512 B/s", ProgressBar.render(512, 1024, 1_000_000_000))
        assertEquals("[==============================] 100%  1.0 KiB / 1.0 KiB  1.0 KiB/s", ProgressBar.render(1024, 1024, 1_000_000_000))
        assertEquals("2.0 MiB  1.0 MiB/s", ProgressBar.render(2L * 1024 * 1024, -1, 2_000_000_000))
    }
}
