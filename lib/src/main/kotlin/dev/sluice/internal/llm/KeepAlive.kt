package dev.sluice.internal.llm

import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

private val KEEP_ALIVE_TYPES = setOf("ping", "keepalive", "keep-alive", "heartbeat")

/** A keep-alive by its SSE event type, or a default-type event (or NDJSON line) without data. */
internal fun isKeepAlive(type: String?, data: String): Boolean =
    type in KEEP_ALIVE_TYPES || (data.isBlank() && (type == null || type == "message"))

/** A keep-alive by its JSON: `{"type": "ping"}` and the like, with nothing else. */
internal fun isKeepAlive(json: JsonElement?): Boolean =
    json is JsonObject && json.size == 1 && json.string("type") in KEEP_ALIVE_TYPES
