package dev.sluice.internal.llm.provider.gemini

import dev.sluice.internal.llm.ProtocolViolation
import dev.sluice.internal.llm.arrayField
import dev.sluice.internal.llm.booleanField
import dev.sluice.internal.llm.intField
import dev.sluice.internal.llm.nonEmptyField
import dev.sluice.internal.llm.objectField
import dev.sluice.internal.llm.objectsOf
import dev.sluice.internal.llm.textField
import dev.sluice.llm.LlmUsage
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.doubleOrNull

/**
 * One `streamGenerateContent` chunk (a `GenerateContentResponse`), read strictly: every field the
 * codec and the renderer use, checked for its type before either acts on the chunk, so a broken
 * chunk changes nothing. Unknown fields and part kinds are kept in [GeminiPart.json].
 */
internal class GeminiChunk(
    val candidates: List<GeminiCandidate>,
    val usageJson: JsonObject?,
    val usage: LlmUsage?,
    val modelVersion: String?,
    val responseId: String?,
    val promptFeedback: JsonObject?,
    val blockReason: String?,
    /** An `{"error": {...}}` chunk: the stream failed. */
    val error: JsonObject?,
) {
    /** Whether the chunk holds anything this codec knows. */
    val isKnown: Boolean
        get() = candidates.isNotEmpty() || usageJson != null || promptFeedback != null || modelVersion != null ||
            responseId != null
}

/** One entry of `candidates`; [index] is the wire `index`, else its position. */
internal class GeminiCandidate(val index: Int, val parts: List<GeminiPart>, val finishReason: String?)

/** One entry of `content.parts`. */
internal class GeminiPart(
    val text: String?,
    val thought: Boolean,
    val signature: String?,
    val call: GeminiCallPart?,
    val json: JsonObject,
)

/** A `functionCall`: whole (`args`), or one piece of a streamed call (`partialArgs`, `willContinue`). */
internal class GeminiCallPart(
    val name: String?,
    val id: String?,
    val args: JsonObject?,
    val partials: List<PartialArg>,
    val willContinue: Boolean,
)

/** One `partialArgs` entry: a string piece ([string]) or a whole value as JSON text ([literal]). */
internal class PartialArg(val path: List<PathStep>, val string: String?, val literal: String?, val willContinue: Boolean)

internal fun parseChunk(json: JsonObject): GeminiChunk {
    val error = json.objectField("error")
    val candidates = json.arrayField("candidates")?.let { objectsOf("candidates", it) }.orEmpty()
        .mapIndexed { position, c -> parseCandidate(c, position) }
    val usageJson = json.objectField("usageMetadata")
    val feedback = json.objectField("promptFeedback")
    return GeminiChunk(
        candidates = candidates,
        usageJson = usageJson,
        usage = usageJson?.let(::geminiUsage),
        modelVersion = json.nonEmptyField("modelVersion"),
        responseId = json.nonEmptyField("responseId"),
        promptFeedback = feedback,
        blockReason = feedback?.nonEmptyField("blockReason"),
        error = error,
    )
}

/**
 * `usageMetadata` as neutral usage. Gemini counts thoughts apart from the answer
 * (`totalTokenCount` = prompt + candidates + thoughts); [LlmUsage.outputTokens] includes
 * reasoning, as for the other providers, so it is `candidatesTokenCount + thoughtsTokenCount`.
 */
internal fun geminiUsage(u: JsonObject): LlmUsage {
    val candidates = u.intField("candidatesTokenCount")?.toLong()
    val thoughts = u.intField("thoughtsTokenCount")?.toLong()
    return LlmUsage(
        inputTokens = u.intField("promptTokenCount")?.toLong(),
        outputTokens = if (candidates == null && thoughts == null) null else (candidates ?: 0) + (thoughts ?: 0),
        totalTokens = u.intField("totalTokenCount")?.toLong(),
        reasoningTokens = thoughts,
        cachedInputTokens = u.intField("cachedContentTokenCount")?.toLong(),
        json = u.toString(),
    )
}

private fun parseCandidate(c: JsonObject, position: Int): GeminiCandidate {
    val content = c.objectField("content")
    content?.textField("role")
    val parts = content?.arrayField("parts")?.let { objectsOf("parts", it) }.orEmpty().map(::parsePart)
    return GeminiCandidate(c.intField("index") ?: position, parts, c.nonEmptyField("finishReason"))
}

private fun parsePart(p: JsonObject): GeminiPart = GeminiPart(
    text = p.textField("text"),
    thought = p.booleanField("thought") == true,
    signature = p.nonEmptyField("thoughtSignature"),
    call = p.objectField("functionCall")?.let(::parseCall),
    json = p,
)

private fun parseCall(fc: JsonObject): GeminiCallPart = GeminiCallPart(
    name = fc.nonEmptyField("name"),
    id = fc.nonEmptyField("id"),
    args = fc.objectField("args"),
    partials = fc.arrayField("partialArgs")?.let { objectsOf("partialArgs", it) }.orEmpty().map(::parsePartial),
    willContinue = fc.booleanField("willContinue") == true,
)

private fun parsePartial(p: JsonObject): PartialArg {
    val path = parseJsonPath(p.textField("jsonPath") ?: throw ProtocolViolation("a partialArgs entry has no jsonPath"))
    val willContinue = p.booleanField("willContinue") == true
    val string = p.textField("stringValue")
    val literal = when {
        string != null -> null
        p.numberField("numberValue") != null -> p.numberField("numberValue")
        p.booleanField("boolValue") != null -> p.booleanField("boolValue").toString()
        p["nullValue"] != null && p["nullValue"] != JsonNull -> "null"
        else -> null
    }
    // An entry with no value at all is an empty string piece (proto3 JSON may drop a default "").
    return PartialArg(path, if (literal == null) string ?: "" else null, literal, willContinue)
}

/** A number field as its JSON text; `null` when absent; a [ProtocolViolation] for another type. */
private fun JsonObject.numberField(key: String): String? = when (val v = this[key]) {
    null, JsonNull -> null
    is JsonPrimitive -> if (!v.isString && v.doubleOrNull != null) v.content else
        throw ProtocolViolation("field '$key' should be a number, was ${v.toString().take(40)}")
    else -> throw ProtocolViolation("field '$key' should be a number, was ${v.toString().take(40)}")
}
