package dev.sluice.sse

import dev.sluice.internal.text.Utf8
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.random.Random
import kotlin.test.assertEquals

/**
 * Random streams built from the tokens that matter to the algorithm, decoded by the real decoder
 * at random splits, against a plain string-based transcription of WHATWG HTML section 9.2.6.
 */
@Timeout(60)
class SseDifferentialTest {
    private val tokens: List<ByteArray> = listOf(
        "data", "data:", "data: ", "event:", "event: ", "id:", "id: ", "retry:", "retry: ", ":", " ", "x", "7", "12",
        "\r", "\n", "\r\n", "\n\n", "\r\r", "\u0000", "é", "中", "😀", "\uFEFF", "Data", "ev", "ent",
    ).map { it.toByteArray() } + listOf(byteArrayOf(0xFF.toByte()), byteArrayOf(0xE2.toByte(), 0x82.toByte()), byteArrayOf(0xEF.toByte(), 0xBB.toByte()))

    @Test
    fun randomStreamsAtRandomSplitsMatchAReferenceTranscriptionOfTheSpec() {
        val random = Random(20261121)
        repeat(3000) { round ->
            val stream = buildStream(random)
            val expected = Reference.decode(stream)
            val splits = (0 until random.nextInt(0, 6)).map { random.nextInt(0, stream.size + 1) }.sorted()
            val bounds = listOf(0) + splits + stream.size
            val events = ArrayList<ServerSentEvent>()
            val decoder = SseDecoder({ events.add(it) })
            bounds.zipWithNext { a, b -> decoder.feed(stream, a, b - a) }
            decoder.end()
            val context = "round $round, splits $splits, stream ${stream.toString(Charsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n")}"
            assertEquals(expected.events, events, context)
            assertEquals(expected.lastEventId, decoder.lastEventId, context)
            assertEquals(expected.retry, decoder.retryMillis, context)
        }
    }

    private fun buildStream(random: Random): ByteArray {
        val out = java.io.ByteArrayOutputStream()
        repeat(random.nextInt(0, 40)) { out.write(tokens[random.nextInt(tokens.size)]) }
        return out.toByteArray()
    }

    /** The spec, transcribed with strings: decode everything, split lines, interpret each. */
    private object Reference {
        class Result(val events: List<ServerSentEvent>, val lastEventId: String?, val retry: Long?)

        fun decode(bytes: ByteArray): Result {
            var text = Utf8.decodeWhatwg(bytes, 0, bytes.size)
            if (text.startsWith("\uFEFF")) text = text.substring(1)
            val lines = ArrayList<String>()
            var i = 0
            var start = 0
            while (i < text.length) {
                val c = text[i]
                if (c == '\r' || c == '\n') {
                    lines.add(text.substring(start, i))
                    if (c == '\r' && i + 1 < text.length && text[i + 1] == '\n') i++
                    start = i + 1
                }
                i++
            }
            // text.substring(start) is an incomplete line: discarded at end of stream.
            val events = ArrayList<ServerSentEvent>()
            val data = StringBuilder()
            var type = ""
            var idBuffer: String? = null
            var lastEventId: String? = null
            var retry: Long? = null
            for (line in lines) {
                if (line.isEmpty()) {
                    lastEventId = idBuffer
                    if (data.isEmpty()) { type = ""; continue }
                    if (data.endsWith("\n")) data.setLength(data.length - 1)
                    events.add(ServerSentEvent(type.ifEmpty { "message" }, data.toString(), lastEventId))
                    data.setLength(0)
                    type = ""
                    continue
                }
                if (line.startsWith(":")) continue
                val colon = line.indexOf(':')
                val name = if (colon >= 0) line.substring(0, colon) else line
                var value = if (colon >= 0) line.substring(colon + 1) else ""
                if (value.startsWith(" ")) value = value.substring(1)
                when (name) {
                    "event" -> type = value
                    "data" -> data.append(value).append('\n')
                    "id" -> if ('\u0000' !in value) idBuffer = value
                    "retry" -> if (value.isNotEmpty() && value.all { it in '0'..'9' }) retry = value.toLongOrNull() ?: Long.MAX_VALUE
                }
            }
            return Result(events, lastEventId, retry)
        }
    }
}
