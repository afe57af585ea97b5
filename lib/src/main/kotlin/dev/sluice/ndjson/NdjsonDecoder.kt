package dev.sluice.ndjson

import dev.sluice.DecodeLimits
import dev.sluice.internal.ndjson.NdjsonLines
import dev.sluice.internal.text.valueLineScanner

/**
 * Push decoder for newline-delimited JSON: feed any split of the stream, then call [end]. Each
 * non-blank line (CR, LF or CRLF end lines; a last line without a line break counts) is decoded
 * with the given deserializer and handed to the sink synchronously. A line longer than the
 * smaller of [DecodeLimits.maxLineBytes] and [DecodeLimits.maxEventBytes] fails with
 * [dev.sluice.LimitExceededException]; a line that does not parse fails with
 * [NdjsonParseException]. After a failure the decoder is unusable. Not thread-safe.
 *
 * Made by the Kotlin factories `NdjsonDecoder(deserializer, sink)` and, for
 * [kotlinx.serialization.json.JsonElement] values, `NdjsonDecoder(sink)`: their
 * kotlinx-serialization parameters keep them out of the Java API.
 */
public class NdjsonDecoder<T> internal constructor(lines: NdjsonLines<T>, public val limits: DecodeLimits) {
    private val scanner = valueLineScanner(lines, limits)
    private var open = true

    public fun feed(bytes: ByteArray): Unit = feed(bytes, 0, bytes.size)

    public fun feed(bytes: ByteArray, offset: Int, length: Int) {
        check(open) { "the stream ended or the decoder failed earlier" }
        open = false
        scanner.feed(bytes, offset, length)
        open = true
    }

    /** End of stream: a last line without a line break is decoded too. */
    public fun end() {
        check(open) { "the stream ended or the decoder failed earlier" }
        open = false
        scanner.end(emitPartialLine = true)
    }
}
