package dev.sluice.llm

import dev.sluice.internal.llm.parsePartialJson
import kotlinx.serialization.json.JsonElement

/**
 * Best-effort JSON for text that is still streaming, such as tool-call arguments: the text is read
 * as if cut off at its end, open strings, arrays and objects are closed, and a dangling key, colon,
 * comma or unfinished literal is dropped. `{"city": "Par` reads as `{"city":"Par"}`, `{"a": 1, "b`
 * as `{"a":1}`. A UI can render arguments before they finish; the final arguments stay the exact
 * text the provider sent.
 */
public object PartialJson {
    /** The best-effort value; `null` when nothing usable came yet or the text is not a JSON prefix. */
    @JvmStatic
    public fun parse(text: String): JsonElement? = parsePartialJson(text)

    /** As [parse], as compact JSON text: the Java-friendly form. */
    @JvmStatic
    public fun complete(text: String): String? = parsePartialJson(text)?.toString()
}
