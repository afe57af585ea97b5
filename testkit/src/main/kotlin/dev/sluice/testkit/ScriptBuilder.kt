package dev.sluice.testkit

import dev.sluice.internal.testkit.ScriptPart
import dev.sluice.internal.testkit.splitFragments
import dev.sluice.internal.testkit.wordTokens
import java.time.Duration
import kotlin.time.toJavaDuration

/**
 * Builds a [Script]. Java: `new ScriptBuilder().text("Hello there").usage(10, 2).build()`;
 * Kotlin: `script { text("Hello there"); usage(10, 2) }`.
 */
public class ScriptBuilder() {
    private val parts = ArrayList<ScriptPart>()
    private var inputTokens: Int? = null
    private var outputTokens: Int? = null
    private var finishReason: FinishReason? = null
    private var model: String? = null
    private var timeToFirstTokenNanos = 0L
    private var tokenDelayNanos = 0L
    private var fault: Fault? = null
    private val headers = LinkedHashMap<String, String>()

    internal constructor(script: Script) : this() {
        parts += script.parts
        inputTokens = script.inputTokens
        outputTokens = script.outputTokens
        finishReason = script.explicitFinishReason
        model = script.model
        timeToFirstTokenNanos = script.timeToFirstToken.toNanos()
        tokenDelayNanos = script.tokenDelay.toNanos()
        fault = script.fault
        headers += script.headers
    }

    /** Answer text, split into word tokens (each token keeps the whitespace before it). */
    public fun text(text: String): ScriptBuilder = tokens(wordTokens(text))

    /** Answer text as these exact tokens, one delta each. */
    public fun tokens(vararg tokens: String): ScriptBuilder = tokens(tokens.asList())

    /** Answer text as these exact tokens, one delta each. */
    public fun tokens(tokens: List<String>): ScriptBuilder = apply {
        val last = parts.lastOrNull()
        if (last is ScriptPart.Text) parts[parts.size - 1] = ScriptPart.Text(last.tokens + tokens) else parts += ScriptPart.Text(tokens.toList())
    }

    /**
     * Reasoning (thinking) text split into word tokens. [signature] is sent as Anthropic's
     * `signature_delta`; other formats ignore it.
     */
    @JvmOverloads
    public fun reasoning(text: String, signature: String? = null): ScriptBuilder = reasoningTokens(wordTokens(text), signature)

    /** Reasoning as these exact tokens. */
    @JvmOverloads
    public fun reasoningTokens(tokens: List<String>, signature: String? = null): ScriptBuilder = apply {
        val last = parts.lastOrNull()
        parts += if (last is ScriptPart.Reasoning) {
            parts.removeAt(parts.size - 1)
            ScriptPart.Reasoning(last.tokens + tokens, signature ?: last.signature)
        } else {
            ScriptPart.Reasoning(tokens.toList(), signature)
        }
    }

    /**
     * A tool call whose [arguments] (JSON text) are sent in fragments of [fragmentLength]
     * characters. Ollama sends the call whole, with the arguments parsed as JSON.
     */
    @JvmOverloads
    public fun toolCall(id: String, name: String, arguments: String, fragmentLength: Int = 8): ScriptBuilder =
        toolCallFragments(id, name, splitFragments(arguments, fragmentLength))

    /** A tool call whose arguments are sent as exactly these fragments. */
    public fun toolCallFragments(id: String, name: String, fragments: List<String>): ScriptBuilder = apply {
        require(id.isNotEmpty()) { "tool call id must not be empty" }
        require(name.isNotEmpty()) { "tool call name must not be empty" }
        parts += ScriptPart.ToolCall(id, name, fragments.toList())
    }

    /** Usage reported at the end (Chat usage chunk, Anthropic `message_start`/`message_delta`, ...). */
    public fun usage(inputTokens: Int, outputTokens: Int): ScriptBuilder = apply {
        require(inputTokens >= 0 && outputTokens >= 0) { "token counts must not be negative: $inputTokens, $outputTokens" }
        this.inputTokens = inputTokens
        this.outputTokens = outputTokens
    }

    /** The finish reason; by default [FinishReason.TOOL_CALLS] when there are tool calls, else [FinishReason.STOP]. */
    public fun finishReason(reason: FinishReason): ScriptBuilder = apply { finishReason = reason }

    /** The model name sent back; by default the request's `model`. */
    public fun model(model: String): ScriptBuilder = apply { this.model = model }

    /** Pause before the first delta. */
    public fun timeToFirstToken(delay: Duration): ScriptBuilder = apply { timeToFirstTokenNanos = nonNegative(delay).toNanos() }

    /** Pause before the first delta. */
    public fun timeToFirstToken(delay: kotlin.time.Duration): ScriptBuilder = timeToFirstToken(delay.toJavaDuration())

    /** Pause before every delta after the first. */
    public fun tokenDelay(delay: Duration): ScriptBuilder = apply { tokenDelayNanos = nonNegative(delay).toNanos() }

    /** Pause before every delta after the first. */
    public fun tokenDelay(delay: kotlin.time.Duration): ScriptBuilder = tokenDelay(delay.toJavaDuration())

    /** The fault to inject, or `null` for none. */
    public fun fault(fault: Fault?): ScriptBuilder = apply { this.fault = fault }

    /**
     * A response header sent with the reply (replacing one of the same name), e.g.
     * `x-ratelimit-remaining-requests` or `anthropic-ratelimit-tokens-limit`.
     */
    public fun header(name: String, value: String): ScriptBuilder = apply {
        require(name.isNotEmpty() && value.none { it == '\r' || it == '\n' }) { "invalid header '$name: $value'" }
        headers.keys.removeAll { it.equals(name, ignoreCase = true) }
        headers[name] = value
    }

    /** The script; the builder can go on being used. */
    public fun build(): Script = Script(
        parts.toList(), inputTokens, outputTokens, finishReason, model, timeToFirstTokenNanos, tokenDelayNanos, fault,
        LinkedHashMap(headers),
    )

    private fun nonNegative(delay: Duration): Duration {
        require(!delay.isNegative) { "delay must not be negative, was $delay" }
        return delay
    }
}
