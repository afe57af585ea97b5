@file:JvmName("NdjsonFlows")

package dev.sluice.ndjson

import dev.sluice.DecodeLimits
import kotlinx.coroutines.flow.Flow
import kotlinx.serialization.json.JsonElement

/** Decodes newline-delimited JSON: one value per line, blank lines skipped. */
public fun Flow<ByteArray>.decodeNdjson(limits: DecodeLimits = DecodeLimits()): Flow<JsonElement> = TODO()
