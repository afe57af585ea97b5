package dev.sluice.samples.cli

import dev.sluice.redactText
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * The JSON error line every failing command prints last on standard error:
 * `{"error": "<exception simple class name>", "message": "..."}` plus command-specific [extra]
 * fields between the two. The message never shows a credential: the library's rules
 * ([redactText]) apply, and each of [secrets] (the key and header values the command was given)
 * is replaced by `[redacted]` wherever it appears.
 */
internal fun errorLine(
    error: Throwable,
    extra: Map<String, JsonPrimitive> = emptyMap(),
    secrets: Collection<String> = emptyList(),
): JsonObject = buildJsonObject {
    put("error", error.javaClass.simpleName.ifEmpty { error.javaClass.name })
    extra.forEach { (k, v) -> put(k, v) }
    put("message", redactSecrets(error.message ?: error.toString(), secrets))
}

/** [text] with each of [secrets] (4 characters or more) replaced by `[redacted]`, then [redactText]. */
internal fun redactSecrets(text: String, secrets: Collection<String>): String {
    var out = text
    for (secret in secrets.filter { it.length >= 4 }.sortedByDescending { it.length }) out = out.replace(secret, "[redacted]")
    return redactText(out)
}

internal fun CliIo.failWith(
    error: Throwable,
    extra: Map<String, JsonPrimitive> = emptyMap(),
    secrets: Collection<String> = emptyList(),
): Int {
    err.println(errorLine(error, extra, secrets).toString())
    err.flush()
    return 1
}
