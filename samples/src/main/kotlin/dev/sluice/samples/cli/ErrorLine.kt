package dev.sluice.samples.cli

import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * The JSON error line every failing command prints last on standard error:
 * `{"error": "<exception simple class name>", "message": "..."}` plus command-specific [extra] fields.
 */
internal fun errorLine(error: Throwable, extra: Map<String, JsonPrimitive> = emptyMap()): JsonObject = buildJsonObject {
    put("error", error.javaClass.simpleName)
    extra.forEach { (k, v) -> put(k, v) }
    put("message", error.message ?: error.toString())
}

internal fun CliIo.failWith(error: Throwable, extra: Map<String, JsonPrimitive> = emptyMap()): Int {
    err.println(errorLine(error, extra).toString())
    err.flush()
    return 1
}
