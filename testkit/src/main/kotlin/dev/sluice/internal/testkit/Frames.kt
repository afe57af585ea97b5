package dev.sluice.internal.testkit

import dev.sluice.testkit.FinishReason
import dev.sluice.testkit.Script
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * One piece of a response body. [render] runs when the frame is written (formats with
 * sequence numbers count then), so frames never written leave no gaps.
 */
internal class Frame(val kind: Kind, val render: () -> String) {
    enum class Kind {
        /** Structure: stream start, block start/stop, terminal marker. */
        PLAIN,

        /** A content delta: paced, counted by faults. */
        DELTA,

        /** The first of the closing frames: the last point where a fault can act. */
        CLOSING,
    }
}

/** What one reply is made of once the request is known. */
internal class ReplyPlan(
    val script: Script,
    /** The request's number on this server, from 1: makes ids unique and stable. */
    val number: Long,
    val model: String,
    val createdEpochSeconds: Long,
    val inputTokens: Int,
    val outputTokens: Int,
    /** Chat Completions `stream_options.include_usage`. */
    val includeUsage: Boolean,
) {
    val parts: List<ScriptPart> get() = script.parts
    val finishReason: FinishReason get() = script.finishReason
}

/** Builds the bodies of one wire format for one [ReplyPlan]. */
internal abstract class WireEncoder(protected val plan: ReplyPlan) {
    /** The streaming content type. */
    abstract val streamContentType: String

    /** The happy-path stream, terminal event included. */
    abstract fun frames(): List<Frame>

    /** The in-stream error that ends the stream early, rendered now. */
    abstract fun errorFrames(errorType: String?, message: String): List<String>

    /** The non-streaming response body. */
    abstract fun finalBody(): JsonObject
}

internal fun sseData(json: JsonElement): String = "data: $json\n\n"

internal fun sseEvent(type: String, json: JsonElement): String = "event: $type\ndata: $json\n\n"

/** Tool-call arguments as JSON for formats that send them parsed; `{}` when blank, the raw text when not JSON. */
internal fun parsedArguments(arguments: String): JsonElement {
    if (arguments.isBlank()) return JsonObject(emptyMap())
    return try {
        Json.parseToJsonElement(arguments)
    } catch (e: IllegalArgumentException) {
        JsonPrimitive(arguments)
    }
}

internal fun Script.reasoningTokenCount(): Int = parts.sumOf { if (it is ScriptPart.Reasoning) it.tokens.size else 0 }

internal fun List<ScriptPart>.joinedText(): String = filterIsInstance<ScriptPart.Text>().joinToString("") { it.tokens.joinToString("") }

internal fun List<ScriptPart>.joinedReasoning(): String = filterIsInstance<ScriptPart.Reasoning>().joinToString("") { it.tokens.joinToString("") }
