@file:JvmName("PartialJson")

package dev.sluice.llm

import kotlinx.serialization.json.JsonElement
import dev.sluice.internal.llm.parsePartialJson as parsePrefix

// Top-level functions, not an `object`: Java calls `PartialJson.complete(text)` statically, with no
// `INSTANCE`; Kotlin calls `completePartialJson(text)` and `parsePartialJson(text)`.

/**
 * Best-effort JSON for [text] that is still streaming (such as tool-call arguments) as compact
 * JSON text: open strings, arrays and objects are closed and a dangling key, colon, comma or
 * unfinished literal is dropped, so `{"city": "Par` gives `{"city":"Par"}` and `{"a": 1, "b` gives
 * `{"a":1}`. `null` when nothing usable came yet or the text is not a JSON prefix. A UI can render
 * arguments before they finish; the final arguments stay the exact text the provider sent.
 * Java: `PartialJson.complete(text)`.
 */
@JvmName("complete")
public fun completePartialJson(text: String): String? = parsePrefix(text)?.toString()

/** As [completePartialJson], as a [JsonElement] (Kotlin only). */
@JvmSynthetic
@JvmName("parse")
public fun parsePartialJson(text: String): JsonElement? = parsePrefix(text)
