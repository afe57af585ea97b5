package dev.sluice.samples.cli

import dev.sluice.DecodeLimits
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertTrue

@Timeout(20)
class DecodeCommandTest {
    private val stream = "retry: 2500\nid: 1\ndata: hello\n\nevent: ping\n\nevent: delta\ndata: a\ndata: \"b\"\r\n\r\n: c\nid\ndata: x\r\r"

    @Test
    fun sseEventsThenRetryAndLastEventIdOneJsonObjectPerLine() {
        val run = runCli(stream, "decode", "sse")
        assertEquals(0, run.status, run.err)
        assertEquals(
            listOf(
                """{"type":"message","data":"hello","id":"1"}""",
                """{"type":"delta","data":"a\n\"b\"","id":"1"}""",
                """{"type":"message","data":"x","id":""}""",
                """{"retry":2500,"last_event_id":""}""",
            ),
            run.outLines,
        )
        assertEquals("", run.err)
    }

    @Test
    fun idIsNullUntilAnIdFieldIsAccepted() {
        val run = runCli("data: a\n\nid: x\u0000y\ndata: b\n\n", "decode", "sse")
        assertEquals(
            listOf(
                """{"type":"message","data":"a","id":null}""",
                """{"type":"message","data":"b","id":null}""",
                """{"retry":null,"last_event_id":null}""",
            ),
            run.outLines,
        )
    }

    @Test
    fun splitAndChunksFeedTheSameEvents() {
        val whole = runCli(stream, "decode", "sse").outLines
        for (n in 1..7) assertEquals(whole, runCli(stream, "decode", "sse", "--split", "$n").outLines, "--split $n")
        assertEquals(whole, runCli(stream, "decode", "sse", "--chunks", "1,2,30,31,32,60,200").outLines)
        assertEquals(whole, runCli(stream, "decode", "sse", "--split=3").outLines)
    }

    @Test
    fun anEventOverTheLimitExitsOneWithTheJsonErrorLastOnStandardError() {
        val run = runCli("data: ok\n\ndata: 0123456789\n\n", "decode", "sse", "--max-event-bytes", "4")
        assertEquals(1, run.status)
        assertEquals(listOf("""{"type":"message","data":"ok","id":null}"""), run.outLines, "events before the error are printed")
        val error = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals(listOf("error", "message"), error.keys.toList())
        assertEquals("LimitExceededException", error.getValue("error").jsonPrimitive.content)
        assertTrue(error.getValue("message").jsonPrimitive.content.contains("maxEventBytes=4"))
    }

    @Test
    fun maxEventBytesAboveTheDefaultLineLimitRaisesItSoAnEventOfThatSizeOnOneLinePasses() {
        val n = DEFAULT_LIMIT + (1 shl 20)
        for (size in listOf(DEFAULT_LIMIT + 1, n)) {
            val data = "y".repeat(size)
            val run = runCli("data: $data\n\n", "decode", "sse", "--max-event-bytes", "$n")
            assertEquals(0, run.status, "$size bytes: ${run.err}")
            assertEquals(2, run.outLines.size, "$size bytes")
            val event = Json.parseToJsonElement(run.outLines[0]).jsonObject
            assertTrue(event.getValue("data").jsonPrimitive.content == data, "$size bytes of data come back whole")
        }
    }

    @Test
    fun anEventAboveARaisedMaxEventBytesStillFailsWithTheLimitErrorLine() {
        val n = DEFAULT_LIMIT + (1 shl 20)
        val run = runCli("data: ok\n\ndata: ${"y".repeat(n + 1)}\n\n", "decode", "sse", "--max-event-bytes", "$n")
        assertEquals(1, run.status)
        assertEquals(listOf("""{"type":"message","data":"ok","id":null}"""), run.outLines, "events before the error are printed")
        val error = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals("LimitExceededException", error.getValue("error").jsonPrimitive.content, run.lastErrLine)
    }

    @Test
    fun withoutARaisedMaxEventBytesALineAboveTheDefaultLimitFails() {
        val run = runCli("data: ok\n\ndata: ${"y".repeat(DEFAULT_LIMIT)}\n\n", "decode", "sse")
        assertEquals(1, run.status)
        assertEquals(listOf("""{"type":"message","data":"ok","id":null}"""), run.outLines)
        assertTrue(run.lastErrLine.contains("maxLineBytes=$DEFAULT_LIMIT"), run.lastErrLine)
    }

    @Test
    fun maxEventBytesNeverLowersTheLineLimit() {
        assertEquals(DecodeLimits(DEFAULT_LIMIT, 4), sseLimits(4))
        assertEquals(DecodeLimits(DEFAULT_LIMIT, DEFAULT_LIMIT - 6), sseLimits(DEFAULT_LIMIT - 6))
        assertEquals(DecodeLimits(DEFAULT_LIMIT + 6, DEFAULT_LIMIT), sseLimits(DEFAULT_LIMIT), "room for `data: `")
        assertEquals(DecodeLimits(Int.MAX_VALUE, Int.MAX_VALUE - 1), sseLimits(Int.MAX_VALUE - 1))
        assertEquals(DecodeLimits(), sseLimits(null))
    }

    @Test
    fun ndjsonPrintsOneCompactValuePerLine() {
        val run = runCli("{ \"a\" : [1, 2] }\r\n\n  \n\"s\"\n{\"b\":null}", "decode", "ndjson", "--split", "2")
        assertEquals(0, run.status, run.err)
        assertEquals(listOf("""{"a":[1,2]}""", "\"s\"", """{"b":null}"""), run.outLines)
    }

    @Test
    fun malformedNdjsonExitsOneWithTheLineNumber() {
        val run = runCli("1\n\n{oops\n3\n", "decode", "ndjson")
        assertEquals(1, run.status)
        assertEquals(listOf("1"), run.outLines)
        val error = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals("NdjsonParseException", error.getValue("error").jsonPrimitive.content)
        assertTrue(error.getValue("message").jsonPrimitive.content.contains("line 3"), run.lastErrLine)
    }

    @Test
    fun helpPrintsUsage() {
        val run = runCli("", "decode", "--help")
        assertEquals(0, run.status)
        assertTrue(run.out.startsWith("usage: java -jar sluice-cli.jar decode sse"), run.out)
        // Each format on its own line under "formats:", each provider under PROVIDER.
        for (format in listOf("sse", "ndjson", "PROVIDER") + dev.sluice.llm.request.Provider.values().map { it.id }) {
            assertTrue(run.out.lines().any { it.trimStart().startsWith("$format ") }, "$format: ${run.out}")
        }
        val onFormat = runCli("", "decode", "sse", "--help")
        assertEquals(0, onFormat.status)
        assertEquals(run.out, onFormat.out)
        val tool = runCli("", "--help")
        assertEquals(0, tool.status)
        assertTrue(tool.out.contains("decode"))
    }

    @Test
    fun badArgumentsExitTwoWithUsage() {
        for (args in listOf(
            listOf("decode"),
            listOf("decode", "xml"),
            listOf("decode", "sse", "--split", "0"),
            listOf("decode", "sse", "--split", "2", "--chunks", "3"),
            listOf("decode", "sse", "--chunks", "5,3"),
            listOf("decode", "sse", "--max-event-bytes"),
            listOf("decode", "sse", "--bogus", "1"),
            listOf("decode", "ndjson", "--max-event-bytes", "3"),
        )) {
            val run = runCli("data: a\n\n", *args.toTypedArray())
            assertEquals(2, run.status, "$args")
            assertTrue(run.err.contains("usage:"), "$args: ${run.err}")
            assertEquals("", run.out, "$args")
        }
    }

    private companion object {
        val DEFAULT_LIMIT = DecodeLimits().maxLineBytes
    }
}
