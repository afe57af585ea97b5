@file:JvmName("NdjsonFlows")

package dev.sluice.ndjson

import dev.sluice.DecodeLimits
import dev.sluice.internal.text.Batch
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement

/**
 * Decodes newline-delimited JSON: one value per line, blank lines skipped. Values decoded before
 * a malformed line ([NdjsonParseException]) or an over-long one
 * ([dev.sluice.LimitExceededException]) are emitted before the error. Kotlin only.
 */
@JvmSynthetic
public fun Flow<ByteArray>.decodeNdjson(limits: DecodeLimits = DecodeLimits()): Flow<JsonElement> =
    decodeNdjson(JsonElement.serializer(), limits)

/**
 * Decodes newline-delimited JSON into values of the type [deserializer] reads, blank lines
 * skipped. Kotlin only.
 */
@JvmSynthetic
public fun <T> Flow<ByteArray>.decodeNdjson(
    deserializer: DeserializationStrategy<T>,
    limits: DecodeLimits = DecodeLimits(),
    json: Json = Json,
): Flow<T> {
    val source = this
    return flow {
        val batch = Batch<T>()
        val decoder = NdjsonDecoder(deserializer, batch::add, limits, json)
        source.collect { bytes ->
            batch.decode { decoder.feed(bytes) }
            batch.drain(this)
        }
        batch.decode { decoder.end() }
        batch.drain(this)
    }
}
