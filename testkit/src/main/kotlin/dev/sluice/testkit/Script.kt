package dev.sluice.testkit

import dev.sluice.internal.testkit.ScriptPart
import java.time.Duration

/**
 * One scripted model reply, immutable; build it with [ScriptBuilder] (Java) or `script { }`
 * (Kotlin). The same script can be played in any of the four wire formats: its parts become
 * Chat Completions deltas, Responses output items, Anthropic content blocks or Ollama lines.
 *
 * The reply keeps the parts in the order they were added; consecutive text (or reasoning)
 * parts are one part. Pacing: [timeToFirstToken] passes before the first delta, [tokenDelay]
 * before every later one; the stream's opening events are sent at once.
 */
public class Script internal constructor(
    @get:JvmSynthetic internal val parts: List<ScriptPart>,
    /** Prompt tokens reported in usage; `null`: the number of word tokens in the last user message. */
    public val inputTokens: Int?,
    /** Completion tokens reported in usage; `null`: the number of deltas sent. */
    public val outputTokens: Int?,
    @get:JvmSynthetic internal val explicitFinishReason: FinishReason?,
    /** The model name in the reply; `null`: the request's `model`, or `"sluice-fake"`. */
    public val model: String?,
    private val timeToFirstTokenNanos: Long,
    private val tokenDelayNanos: Long,
    /** The fault this reply injects, or `null`. */
    public val fault: Fault?,
    /** Extra response headers sent with the reply (e.g. rate-limit headers), in order. */
    public val headers: Map<String, String> = emptyMap(),
) {
    /** The finish reason: as set, else [FinishReason.TOOL_CALLS] when there are tool calls, else [FinishReason.STOP]. */
    public val finishReason: FinishReason =
        explicitFinishReason ?: if (parts.any { it is ScriptPart.ToolCall }) FinishReason.TOOL_CALLS else FinishReason.STOP

    /** Pause before the first delta. */
    public val timeToFirstToken: Duration get() = Duration.ofNanos(timeToFirstTokenNanos)

    /** Pause before each delta after the first. */
    public val tokenDelay: Duration get() = Duration.ofNanos(tokenDelayNanos)

    /** All answer text, as a client that joins the text deltas sees it. */
    public fun text(): String = parts.filterIsInstance<ScriptPart.Text>().joinToString("") { it.tokens.joinToString("") }

    /** The text tokens, one per delta, in order. */
    public fun textTokens(): List<String> = parts.filterIsInstance<ScriptPart.Text>().flatMap { it.tokens }

    /** All reasoning (thinking) text joined. */
    public fun reasoning(): String = parts.filterIsInstance<ScriptPart.Reasoning>().joinToString("") { it.tokens.joinToString("") }

    /** The tool calls in order, arguments joined. */
    public fun toolCalls(): List<ScriptedToolCall> =
        parts.filterIsInstance<ScriptPart.ToolCall>().map { ScriptedToolCall(it.id, it.name, it.fragments.joinToString("")) }

    /** The number of deltas (text and reasoning tokens, argument fragments) the script sends. */
    public fun deltaCount(): Int = parts.sumOf { it.deltaCount }

    /** A builder holding this script's content, to derive a variant. */
    public fun toBuilder(): ScriptBuilder = ScriptBuilder(this)

    override fun toString(): String =
        "Script(text=${text().take(60)}, reasoning=${reasoning().length} chars, toolCalls=${toolCalls().map { it.name }}, " +
            "finishReason=$finishReason, fault=$fault)"

    @get:JvmSynthetic internal val timeToFirstTokenMillis: Long get() = nanosToMillisCeil(timeToFirstTokenNanos)
    @get:JvmSynthetic internal val tokenDelayMillis: Long get() = nanosToMillisCeil(tokenDelayNanos)
}

/** A tool call as scripted: [arguments] is the exact concatenation of the fragments sent. */
public class ScriptedToolCall internal constructor(
    public val id: String,
    public val name: String,
    public val arguments: String,
) {
    override fun equals(other: Any?): Boolean =
        other is ScriptedToolCall && other.id == id && other.name == name && other.arguments == arguments

    override fun hashCode(): Int = (id.hashCode() * 31 + name.hashCode()) * 31 + arguments.hashCode()

    override fun toString(): String = "ScriptedToolCall(id=$id, name=$name, arguments=$arguments)"
}

private fun nanosToMillisCeil(nanos: Long): Long = (nanos + 999_999) / 1_000_000
