package dev.sluice.llm

import dev.sluice.internal.llm.parsePartialJson
import dev.sluice.internal.llm.structured.checked
import dev.sluice.internal.llm.structured.decodeChecked
import dev.sluice.internal.llm.structured.parseChecked
import dev.sluice.llm.request.ResponseSchema
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.json.JsonElement
import java.util.function.Function

/**
 * Follows a structured answer (a request with a [ResponseSchema]) as it streams: feed it the
 * call's events ([add]); [partialJson] / [partial] is the object as it grows (the answer text so
 * far, completed by [PartialJson]); at the end [parse] (Java: your own parser, so Jackson or Gson
 * stay yours) or [decode] (Kotlin: a serializer) gives the typed object after checking the final
 * JSON against the schema, failing with [LlmSchemaException] naming the path that does not fit.
 *
 * ```java
 * StructuredOutput out = new StructuredOutput(schema);
 * for (LlmEvent e : llm.blocking(request)) if (out.add(e)) render(out.getPartialJson());
 * Weather w = out.parse(json -> mapper.readValue(json, Weather.class));
 * ```
 *
 * Reads the first choice's text. Not thread-safe: one thread adds and reads.
 *
 * @property schema the schema the final answer is checked against; `null`: only that it is JSON.
 */
public class StructuredOutput @JvmOverloads constructor(public val schema: ResponseSchema? = null) {
    private val text = StringBuilder()
    private var partialValue: JsonElement? = null
    private var partialText: String? = null
    private var dirty = false

    /** The answer text so far (the JSON as received). */
    public val answerText: String get() = text.toString()

    /**
     * Adds one event; returns whether it grew the answer (a text delta of the first choice), i.e.
     * whether [partialJson] may have changed.
     */
    public fun add(event: LlmEvent): Boolean {
        if (event !is LlmEvent.TextDelta || event.choiceIndex != 0) return false
        text.append(event.text)
        dirty = true
        return true
    }

    /** The object so far as compact JSON text, or `null` before anything usable arrived. */
    public val partialJson: String? get() = refresh().let { partialText }

    /** The object so far as a kotlinx [JsonElement] (Kotlin), or `null`. */
    @get:JvmSynthetic
    public val partial: JsonElement? get() = refresh().let { partialValue }

    private fun refresh() {
        if (!dirty) return
        dirty = false
        val parsed = parsePartialJson(text.toString())
        if (parsed != null) {
            partialValue = parsed
            partialText = parsed.toString()
        }
    }

    /**
     * The final answer as a checked [JsonElement].
     *
     * @throws LlmSchemaException when the text is not one JSON value or breaks [schema]
     */
    @JvmSynthetic
    public fun finalJson(): JsonElement = checked(text.toString(), schema)

    /**
     * The final answer checked against [schema] and handed to [parser] as JSON text.
     *
     * @throws LlmSchemaException when it is not JSON, breaks the schema, or [parser] throws (then
     *   the path is `$` and the parser's exception is the cause)
     */
    public fun <T> parse(parser: Function<String, T>): T = parseChecked(text.toString(), schema, parser)

    /**
     * The final answer checked against [schema] and decoded with [deserializer] (Kotlin).
     *
     * @throws LlmSchemaException when it is not JSON, breaks the schema, or does not decode
     */
    @JvmSynthetic
    public fun <T> decode(deserializer: DeserializationStrategy<T>): T = decodeChecked(text.toString(), schema, deserializer)

    override fun toString(): String = "StructuredOutput(schema=${schema?.name}, chars=${text.length})"

    public companion object {
        /** The first choice's text of [result], checked against [schema] and handed to [parser]; see [parse]. */
        @JvmStatic
        public fun <T> parse(result: LlmResult, schema: ResponseSchema?, parser: Function<String, T>): T =
            parseChecked(result.text, schema, parser)

        /** The first choice's text of [result], checked against [schema] and decoded; see [decode]. */
        @JvmSynthetic
        public fun <T> decode(result: LlmResult, schema: ResponseSchema?, deserializer: DeserializationStrategy<T>): T =
            decodeChecked(result.text, schema, deserializer)
    }
}
