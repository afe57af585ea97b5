package dev.sluice.samples.cli

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import java.io.File
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** `get` over a raw socket whose chunked body ends dishonestly: exit 1, the error line, no complete-looking file. */
@Timeout(30)
class GetEndingsTest {
    @TempDir
    lateinit var dir: File

    private val head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"

    private fun server() = TinyHttpServer { path ->
        when (path) {
            "/truncated" -> TinyHttpServer.Response.raw(head + "5\r\nhello\r\n")
            "/malformed" -> TinyHttpServer.Response.raw(head + "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n")
            else -> TinyHttpServer.Response.raw(head + "5\r\nhello\r\n0\r\n\r\n")
        }
    }

    private fun assertTransportErrorLine(run: CliRun, message: String) {
        assertEquals(1, run.status, run.err)
        val line = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals("HttpTransportException", line["error"]!!.jsonPrimitive.content)
        assertEquals(JsonNull, line["status"])
        assertContains(line["message"]!!.jsonPrimitive.content, message)
    }

    @Test
    fun aTruncatedChunkedBodyPrintsWhatArrivedThenExitsOneWithTheErrorLine() {
        server().use { server ->
            val run = runCli("", "get", server.url + "/truncated")
            assertEquals("hello", run.out)
            assertTransportErrorLine(run, "without its terminating chunk after 5 bytes")
        }
    }

    @Test
    fun aMalformedChunkHeaderAfterAValidChunkExitsOne() {
        server().use { server ->
            val run = runCli("", "get", server.url + "/malformed")
            assertEquals("hello", run.out)
            assertTransportErrorLine(run, "malformed chunk header 'zz' after 5 body bytes")
        }
    }

    @Test
    fun outputLeavesNoCompleteLookingFileButKeepsThePart() {
        server().use { server ->
            for (path in listOf("/truncated", "/malformed")) {
                val file = File(dir, "body${path.replace('/', '-')}.txt")
                val run = runCli("", "get", server.url + path, "--output", file.path)
                assertTransportErrorLine(run, "after 5")
                assertFalse(file.exists(), "$path: no file under the asked name")
                assertEquals("hello", File(file.path + ".part").readText(), "$path: what arrived stays in .part")
            }
        }
    }

    @Test
    fun outputOfAWholeBodyIsRenamedIntoPlace() {
        server().use { server ->
            val file = File(dir, "whole.txt")
            val run = runCli("", "get", server.url + "/whole", "--output", file.path)
            assertEquals(0, run.status, run.err)
            assertEquals("hello", file.readText())
            assertTrue(!File(file.path + ".part").exists())
        }
    }
}
