package dev.sluice.samples.cli

import dev.sluice.DecodeLimits
import dev.sluice.SluiceException
import dev.sluice.ndjson.NdjsonDecoder
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.io.IOException

/**
 * `decode sse`: events of standard input as JSON lines, then the stream's retry and last event ID.
 * Standard input is decoded as it arrives; each event is printed when dispatched, and output is
 * flushed whenever the decoder has caught up with the input read so far.
 */
internal fun decodeSse(args: List<String>, io: CliIo): Int {
    val options = CliOptions.parse(args, setOf(SPLIT, CHUNKS, MAX_EVENT_BYTES))
    val feeding = Feeding.from(options)
    val decoder = SseDecoder({ io.out.println(sseEventJson(it).toString()) }, sseLimits(options.positiveInt(MAX_EVENT_BYTES)))
    return decodeGuarded(io) {
        feeding.feed(io.input, decoder::feed) { io.out.flush() }
        decoder.end()
        io.out.println(sseEndJson(decoder.retryMillis, decoder.lastEventId).toString())
    }
}

/**
 * The limits of `decode sse`: the defaults, or `--max-event-bytes` N with the line limit raised
 * so that one `data: ` line carrying N bytes fits (never lowered below the default).
 */
internal fun sseLimits(maxEventBytes: Int?): DecodeLimits {
    val defaults = DecodeLimits()
    if (maxEventBytes == null) return defaults
    val line = (maxEventBytes.toLong() + DATA_PREFIX_BYTES).coerceIn(defaults.maxLineBytes.toLong(), Int.MAX_VALUE.toLong())
    return DecodeLimits(line.toInt(), maxEventBytes)
}

/** `decode ndjson`: one compact JSON value per line, printed as standard input is decoded. */
internal fun decodeNdjson(args: List<String>, io: CliIo): Int {
    val options = CliOptions.parse(args, setOf(SPLIT, CHUNKS))
    val feeding = Feeding.from(options)
    val decoder = NdjsonDecoder({ io.out.println(it.toString()) })
    return decodeGuarded(io) {
        feeding.feed(io.input, decoder::feed) { io.out.flush() }
        decoder.end()
    }
}

/** One dispatched event as printed by `decode sse` (and `get --as sse`): keys type, data, id. */
internal fun sseEventJson(event: ServerSentEvent): JsonObject = buildJsonObject {
    put("type", event.type)
    put("data", event.data)
    put("id", event.id)
}

/** The last line of `decode sse`: the reconnection time and the last event ID after the stream. */
internal fun sseEndJson(retryMillis: Long?, lastEventId: String?): JsonObject = buildJsonObject {
    put("retry", retryMillis)
    put("last_event_id", lastEventId)
}

/** Runs [block]; a decoding or input error ends with exit status 1 and the JSON error line. */
internal inline fun decodeGuarded(io: CliIo, block: () -> Unit): Int = try {
    block()
    io.out.flush()
    0
} catch (e: SluiceException) {
    io.out.flush()
    io.failWith(e)
} catch (e: IOException) {
    io.out.flush()
    io.failWith(e)
}

internal const val SPLIT = "--split"
internal const val CHUNKS = "--chunks"
internal const val MAX_EVENT_BYTES = "--max-event-bytes"

/** `data: `, the longest field prefix of a line carrying event data. */
private const val DATA_PREFIX_BYTES = 6
