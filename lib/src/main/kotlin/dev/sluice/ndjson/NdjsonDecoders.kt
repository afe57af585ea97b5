@file:JvmName("NdjsonDecoders")

package dev.sluice.ndjson

import dev.sluice.DecodeLimits
import kotlinx.serialization.json.JsonElement

/** A push decoder of NDJSON into [JsonElement]s. */
@JvmOverloads
public fun NdjsonDecoder(sink: NdjsonSink<JsonElement>, limits: DecodeLimits = DecodeLimits()): NdjsonDecoder<JsonElement> =
    NdjsonDecoder(JsonElement.serializer(), sink, limits)
