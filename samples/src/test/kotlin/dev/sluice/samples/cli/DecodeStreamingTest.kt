package dev.sluice.samples.cli

import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.InputStream
import java.io.OutputStream
import java.io.PrintStream
import java.util.Collections
import java.util.concurrent.CompletableFuture
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * `decode sse|ndjson` print and flush what they decoded while standard input is still open: each
 * step sends input, then waits (bounded) for the expected lines on the flushed output before
 * sending more. A command that read all input first would never show them. On an error, what was
 * decoded before it reaches standard output before the error line reaches standard error.
 */
@Timeout(30)
class DecodeStreamingTest {
    @ParameterizedTest(name = "decode {0} {1}")
    @CsvSource(
        "sse, ''",
        "sse, --split=4",
        "sse, '--chunks=3,12,13'",
        "ndjson, ''",
        "ndjson, --split=4",
    )
    fun outputIsFlushedBeforeInputEnds(format: String, option: String) {
        val steps = if (format == "sse") {
            listOf(
                "data: one\n\n:xyz\n" to listOf("""{"type":"message","data":"one","id":null}"""),
                "id: 2\ndata: two\n\n:a\n" to listOf("""{"type":"message","data":"two","id":"2"}"""),
            )
        } else {
            listOf("[1,2]\n\n\n" to listOf("[1,2]"), "{\"a\": 3}\n\n\n\n" to listOf("""{"a":3}"""))
        }
        val input = BlockingInput()
        val out = FlushedOutput()
        val args = listOf("decode", format) + listOfNotNull(option.ifEmpty { null })
        val run = CompletableFuture.supplyAsync {
            runCli(args, CliIo(input, PrintStream(out, false, "UTF-8"), PrintStream(ByteArrayOutputStream(), true, "UTF-8")))
        }
        var expected = emptyList<String>()
        try {
            for ((text, lines) in steps) {
                input.send(text.toByteArray())
                expected = expected + lines
                out.awaitLines(expected)
            }
        } finally {
            input.end()
        }
        assertEquals(0, run.get(10, TimeUnit.SECONDS))
        if (format == "sse") out.awaitLines(expected + """{"retry":null,"last_event_id":"2"}""")
    }

    @Test
    fun whatWasDecodedBeforeAnErrorIsFlushedBeforeTheErrorLine() {
        val cases = listOf(
            Triple(listOf("decode", "sse", "--max-event-bytes", "4"), "data: ok\n\ndata: 0123456789\n\n", """{"type":"message","data":"ok","id":null}"""),
            Triple(listOf("decode", "ndjson"), "1\n\n{oops\n3\n", "1"),
        )
        for ((args, input, printed) in cases) {
            val flushes = Collections.synchronizedList(mutableListOf<String>())
            val status = runCli(
                args,
                CliIo(
                    ByteArrayInputStream(input.toByteArray()),
                    PrintStream(TaggedFlushes("out", flushes), false, "UTF-8"),
                    PrintStream(TaggedFlushes("err", flushes), true, "UTF-8"),
                ),
            )
            assertEquals(1, status, "$args")
            assertEquals(listOf("out", "err"), flushes.map { it.substringBefore(':') }, "$args: $flushes")
            assertEquals("out:$printed\n", flushes[0], "$args")
            assertTrue(flushes[1].startsWith("err:{\"error\":"), "$args: $flushes")
        }
    }

    /** Records each flush of non-empty content as `tag:content` in [flushes], in order across streams. */
    private class TaggedFlushes(private val tag: String, private val flushes: MutableList<String>) : OutputStream() {
        private val pending = ByteArrayOutputStream()

        override fun write(b: Int) = pending.write(b)

        override fun write(b: ByteArray, off: Int, len: Int) = pending.write(b, off, len)

        override fun flush() {
            if (pending.size() == 0) return
            flushes += "$tag:${pending.toString("UTF-8")}"
            pending.reset()
        }
    }

    /** Standard input that blocks until the test sends bytes or ends it. */
    private class BlockingInput : InputStream() {
        private val queue = LinkedBlockingQueue<ByteArray>()
        private var current = ByteArray(0)
        private var pos = 0

        fun send(bytes: ByteArray) = queue.put(bytes)

        fun end() = queue.put(END)

        override fun read(): Int {
            val one = ByteArray(1)
            return if (read(one, 0, 1) < 0) -1 else one[0].toInt() and 0xFF
        }

        override fun read(b: ByteArray, off: Int, len: Int): Int {
            if (pos == current.size) {
                if (current === END) return -1
                current = queue.take()
                pos = 0
                if (current === END) return -1
            }
            val n = minOf(len, current.size - pos)
            System.arraycopy(current, pos, b, off, n)
            pos += n
            return n
        }

        private companion object {
            val END = ByteArray(0)
        }
    }

    /** Standard output whose content becomes visible to the test only when flushed. */
    private class FlushedOutput : OutputStream() {
        private val pending = ByteArrayOutputStream()
        private val flushed = LinkedBlockingQueue<String>()
        private val seen = StringBuilder()

        @Synchronized
        override fun write(b: Int) = pending.write(b)

        @Synchronized
        override fun write(b: ByteArray, off: Int, len: Int) = pending.write(b, off, len)

        @Synchronized
        override fun flush() {
            if (pending.size() == 0) return
            flushed.put(pending.toString("UTF-8"))
            pending.reset()
        }

        /** Waits up to 10 s until the flushed output is exactly [expected] lines, failing on anything else. */
        fun awaitLines(expected: List<String>) {
            val text = expected.joinToString("\n", postfix = "\n")
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
            while (seen.toString() != text) {
                if (!text.startsWith(seen)) fail("flushed output:\n$seen\nexpected:\n$text")
                val left = deadline - System.nanoTime()
                val next = (if (left > 0) flushed.poll(left, TimeUnit.NANOSECONDS) else null)
                    ?: fail("not flushed within 10 s; expected:\n${text}flushed so far:\n$seen")
                seen.append(next)
            }
        }
    }
}
