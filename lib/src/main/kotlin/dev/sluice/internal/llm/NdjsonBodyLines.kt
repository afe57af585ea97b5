package dev.sluice.internal.llm

import dev.sluice.DecodeLimits
import dev.sluice.internal.text.Batch
import dev.sluice.internal.text.valueLineScanner
import dev.sluice.internal.text.LineSink
import dev.sluice.internal.text.Utf8
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/** One line of an NDJSON body, as text, with the byte offset of its first byte. */
internal class BodyLine(val text: String, val offset: Long)

/**
 * The lines of an NDJSON LLM body (Ollama), with their offsets, unparsed: the provider codec
 * parses them, so a line that is not JSON is the codec's protocol error (or, lenient, a skipped
 * event) like a bad SSE event, not a framing failure. A last line without its line break counts.
 */
internal fun Flow<ByteArray>.ndjsonBodyLines(limits: DecodeLimits): Flow<BodyLine> {
    val source = this
    return flow {
        val batch = Batch<BodyLine>()
        val sink = object : LineSink {
            override fun onLine(buf: ByteArray, off: Int, len: Int, startOffset: Long) {
                batch.add(BodyLine(Utf8.decode(buf, off, len), startOffset))
            }
        }
        val scanner = valueLineScanner(sink, limits)
        source.collect { bytes ->
            batch.decode { scanner.feed(bytes, 0, bytes.size) }
            batch.drain(this)
        }
        batch.decode { scanner.end(emitPartialLine = true) }
        batch.drain(this)
    }
}
