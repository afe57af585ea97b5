package dev.sluice.llm

/**
 * A provider-neutral event of an LLM token stream. Kotlin callers use `when (event) { is ... }`;
 * Java callers pass an [LlmEventVisitor] to [accept], which calls the method for the event's kind
 * with the event typed (no casts, and a compile error in the visitor when a kind is added).
 *
 * Every event keeps the wire event it came from in [raw]. Equality compares the decoded fields
 * only, not [raw]. Keep-alives (`ping`, `keepalive`, SSE comments) are not events.
 */
public sealed class LlmEvent(
    /** The provider's wire event this event was decoded from. */
    public val raw: LlmRawEvent,
) {
    /** Which subclass this is; one constant per subclass. */
    public abstract val kind: LlmEventKind

    /** Calls [visitor]'s method for this event's kind and returns what it returns. */
    public abstract fun <R> accept(visitor: LlmEventVisitor<R>): R
    @JvmSynthetic internal abstract fun fields(): List<Pair<String, Any?>>

    final override fun equals(other: Any?): Boolean =
        other is LlmEvent && other.kind == kind && other.fields() == fields()

    final override fun hashCode(): Int = kind.hashCode() * 31 + fields().hashCode()

    final override fun toString(): String =
        fields().joinToString(", ", prefix = "${javaClass.simpleName}(", postfix = ")") { (k, v) -> "$k=$v" }

    /**
     * The stream began; [id] and [model] are the first non-empty values seen so far, if any.
     * [response] is the HTTP status and headers (with rate limits) when the stream came from an
     * `LlmClient` call, `null` for a stream decoded elsewhere; not part of equality.
     */
    public class StreamStarted(public val id: String?, public val model: String?, raw: LlmRawEvent) : LlmEvent(raw) {
        /** The call's HTTP status and headers, or `null` outside an `LlmClient` call. */
        public var response: LlmResponseInfo? = null
            @JvmSynthetic internal set
        override val kind: LlmEventKind get() = LlmEventKind.STREAM_STARTED
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.streamStarted(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> = listOf("id" to id, "model" to model)
    }

    /** Answer text for choice [choiceIndex]; never empty. */
    public class TextDelta(public val choiceIndex: Int, public val text: String, raw: LlmRawEvent) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.TEXT_DELTA
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.textDelta(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> = listOf("choiceIndex" to choiceIndex, "text" to text)
    }

    /**
     * Reasoning text (Anthropic thinking, Responses reasoning summaries and text, `reasoning_content`
     * of DeepSeek and xAI, Ollama `thinking`); never empty.
     */
    public class ReasoningDelta(public val choiceIndex: Int, public val text: String, raw: LlmRawEvent) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.REASONING_DELTA
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.reasoningDelta(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> = listOf("choiceIndex" to choiceIndex, "text" to text)
    }

    /** A piece of the signature that authenticates the reasoning (Anthropic `signature_delta`). */
    public class ReasoningSignature(public val choiceIndex: Int, public val signature: String, raw: LlmRawEvent) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.REASONING_SIGNATURE
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.reasoningSignature(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> = listOf("choiceIndex" to choiceIndex, "signature" to signature)
    }

    /** Refusal text (OpenAI `refusal`); never empty. */
    public class RefusalDelta(public val choiceIndex: Int, public val text: String, raw: LlmRawEvent) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.REFUSAL_DELTA
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.refusalDelta(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> = listOf("choiceIndex" to choiceIndex, "text" to text)
    }

    /**
     * A tool call began. [index] is its position among the choice's tool calls (the wire `index`
     * for Chat Completions, which may start at 1); [id] is the id a tool result must quote (the
     * Responses `call_id`). [id] and [name] are `null` when the first fragment did not carry them.
     */
    public class ToolCallStarted(
        public val choiceIndex: Int,
        public val index: Int,
        public val id: String?,
        public val name: String?,
        raw: LlmRawEvent,
    ) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.TOOL_CALL_STARTED
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.toolCallStarted(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> =
            listOf("choiceIndex" to choiceIndex, "index" to index, "id" to id, "name" to name)
    }

    /** A fragment of a tool call's JSON arguments; the fragments joined are the exact arguments. */
    public class ToolCallArgumentsDelta(
        public val choiceIndex: Int,
        public val index: Int,
        public val delta: String,
        raw: LlmRawEvent,
    ) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.TOOL_CALL_ARGUMENTS_DELTA
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.toolCallArgumentsDelta(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> =
            listOf("choiceIndex" to choiceIndex, "index" to index, "delta" to delta)
    }

    /**
     * A tool call is complete: [arguments] is its whole JSON arguments text (`{}` for an Anthropic
     * tool call that streamed none).
     */
    public class ToolCallCompleted(
        public val choiceIndex: Int,
        public val index: Int,
        public val id: String?,
        public val name: String?,
        public val arguments: String,
        raw: LlmRawEvent,
    ) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.TOOL_CALL_COMPLETED
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.toolCallCompleted(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> =
            listOf("choiceIndex" to choiceIndex, "index" to index, "id" to id, "name" to name, "arguments" to arguments)
    }

    /** Token counts reported so far (the latest complete figures; later ones replace earlier ones). */
    public class Usage(public val usage: LlmUsage, raw: LlmRawEvent) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.USAGE
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.usage(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> = listOf("usage" to usage)
    }

    /**
     * Choice [choiceIndex] ended. [finishReason] is why, the same for every provider (as
     * [LlmChoice.finishReason]); [rawFinishReason] is the provider's own value (`stop`, `end_turn`,
     * a Responses status or incomplete reason...).
     */
    public class Finished(
        public val choiceIndex: Int,
        public val rawFinishReason: String?,
        public val finishReason: LlmFinishReason,
        raw: LlmRawEvent,
    ) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.FINISHED
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.finished(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> =
            listOf("choiceIndex" to choiceIndex, "rawFinishReason" to rawFinishReason, "finishReason" to finishReason)
    }

    /**
     * The stream's terminal event arrived (`[DONE]`, `message_stop`, `response.completed`,
     * `response.incomplete`, Ollama `done`, a Gemini chunk with a finish reason at the body's end):
     * the answer is complete. Always the last event of a stream that ended normally.
     */
    public class StreamCompleted(raw: LlmRawEvent) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.STREAM_COMPLETED
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.streamCompleted(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> = emptyList()
    }

    /** A wire event of a type this codec does not know: kept, never dropped. */
    public class Unknown(raw: LlmRawEvent) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.UNKNOWN
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.unknown(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> = listOf("type" to raw.type, "data" to raw.data)
    }

    /**
     * A known provider event with no neutral meaning (content block boundaries, citations, status
     * updates, the final response object). Emitted so every wire event reaches consumers: a relay
     * can forward it, and [LlmAccumulator] renders the provider's own JSON from it.
     */
    public class ProviderEvent(raw: LlmRawEvent) : LlmEvent(raw) {
        override val kind: LlmEventKind get() = LlmEventKind.PROVIDER_EVENT
        override fun <R> accept(visitor: LlmEventVisitor<R>): R = visitor.providerEvent(this)
        @JvmSynthetic override fun fields(): List<Pair<String, Any?>> = listOf("type" to raw.type, "data" to raw.data)
    }
}
