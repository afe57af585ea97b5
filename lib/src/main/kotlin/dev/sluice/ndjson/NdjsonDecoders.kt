@file:JvmName("NdjsonDecoders")

package dev.sluice.ndjson

import dev.sluice.DecodeLimits
import dev.sluice.internal.ndjson.NdjsonLines
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement

// Factories rather than constructors: their kotlinx-serialization parameters are Kotlin-only
// (@JvmSynthetic), which a constructor cannot be.

/** A push decoder of NDJSON into values of the type [deserializer] reads, parsed with [json]. Kotlin only. */
@JvmSynthetic
public fun <T> NdjsonDecoder(
    deserializer: DeserializationStrategy<T>,
    sink: NdjsonSink<T>,
    limits: DecodeLimits = DecodeLimits(),
    json: Json = Json,
): NdjsonDecoder<T> = NdjsonDecoder(NdjsonLines(json, deserializer, sink), limits)

/** A push decoder of NDJSON into [JsonElement]s. Kotlin only. */
@JvmSynthetic
public fun NdjsonDecoder(sink: NdjsonSink<JsonElement>, limits: DecodeLimits = DecodeLimits()): NdjsonDecoder<JsonElement> =
    NdjsonDecoder(JsonElement.serializer(), sink, limits)
