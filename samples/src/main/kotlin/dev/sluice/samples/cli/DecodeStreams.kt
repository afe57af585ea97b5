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

/** `decode sse`: events of standard input as JSON lines, then the stream's retry and last event ID. */
internal fun decodeSse(args: List<String>, io: CliIo): Int {
    val options = CliOptions.parse(args, setOf(SPLIT, CHUNKS, MAX_EVENT_BYTES))
    val feeding = Feeding.from(options)
    val limits = options.positiveInt(MAX_EVENT_BYTES)?.let { DecodeLimits().withMaxEventBytes(it) } ?: DecodeLimits()
    val decoder = SseDecoder({ io.out.println(sseEventJson(it).toString()) }, limits)
    return decodeGuarded(io) {
        feeding.feed(readInput(io)) { b, off, len -> decoder.feed(b, off, len) }
        decoder.end()
        io.out.println(sseEndJson(decoder.retryMillis, decoder.lastEventId).toString())
    }
}

/** `decode ndjson`: one compact JSON value per line. */
internal fun decodeNdjson(args: List<String>, io: CliIo): Int {
    val options = CliOptions.parse(args, setOf(SPLIT, CHUNKS))
    val feeding = Feeding.from(options)
    val decoder = NdjsonDecoder({ io.out.println(it.toString()) })
    return decodeGuarded(io) {
        feeding.feed(readInput(io)) { b, off, len -> decoder.feed(b, off, len) }
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

internal fun readInput(io: CliIo): ByteArray = io.input.readBytes()

/** How the input is handed to a decoder: in one read, N bytes at a time, or split at offsets. */
internal class Feeding private constructor(private val split: Int?, private val offsets: List<Int>?) {
    inline fun feed(input: ByteArray, sink: (ByteArray, Int, Int) -> Unit) {
        val bounds = when {
            split != null -> (split until input.size step split).toList()
            offsets != null -> offsets.filter { it in 1 until input.size }
            else -> emptyList()
        }
        var start = 0
        for (b in bounds) {
            sink(input, start, b - start)
            start = b
        }
        sink(input, start, input.size - start)
    }

    companion object {
        fun from(options: CliOptions): Feeding {
            val split = options.positiveInt(SPLIT)
            val chunks = options[CHUNKS]?.let(::parseOffsets)
            if (split != null && chunks != null) throw UsageException("use either $SPLIT or $CHUNKS, not both")
            return Feeding(split, chunks)
        }

        private fun parseOffsets(text: String): List<Int> {
            val offsets = text.split(',').map {
                it.trim().toIntOrNull()?.takeIf { n -> n >= 0 }
                    ?: throw UsageException("$CHUNKS wants ascending byte offsets such as 5,12,40; got '$text'")
            }
            if (offsets.zipWithNext().any { (a, b) -> b <= a }) throw UsageException("$CHUNKS offsets must be ascending; got '$text'")
            return offsets
        }
    }
}

internal const val SPLIT = "--split"
internal const val CHUNKS = "--chunks"
internal const val MAX_EVENT_BYTES = "--max-event-bytes"
