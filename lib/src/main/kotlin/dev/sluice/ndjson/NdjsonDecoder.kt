package dev.sluice.ndjson

import dev.sluice.DecodeLimits
import dev.sluice.internal.ndjson.NdjsonLines
import dev.sluice.internal.text.LineScanner
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.json.Json

/**
 * Push decoder for newline-delimited JSON: feed any split of the stream, then call [end]. Each
 * non-blank line (CR, LF or CRLF end lines; a last line without a line break counts) is decoded
 * with [deserializer] and handed to [sink] synchronously. A line longer than the smaller of
 * [DecodeLimits.maxLineBytes] and [DecodeLimits.maxEventBytes] fails with
 * [dev.sluice.LimitExceededException]; a line that does not parse fails with
 * [NdjsonParseException]. After a failure the decoder is unusable. Not thread-safe.
 *
 * For [kotlinx.serialization.json.JsonElement] values use the `NdjsonDecoder(sink)` factory.
 */
public class NdjsonDecoder<T> @JvmOverloads constructor(
    deserializer: DeserializationStrategy<T>,
    sink: NdjsonSink<T>,
    public val limits: DecodeLimits = DecodeLimits(),
    json: Json = Json,
) {
    private val scanner = if (limits.maxEventBytes < limits.maxLineBytes) {
        LineScanner(NdjsonLines(json, deserializer, sink), limits.maxEventBytes, "maxEventBytes")
    } else {
        LineScanner(NdjsonLines(json, deserializer, sink), limits.maxLineBytes)
    }
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
