package dev.sluice.llm.request

import java.util.Collections
import java.util.Objects

/**
 * One turn of a conversation: a system instruction, a user prompt, an assistant answer (with the
 * tool calls it made, and for Anthropic the thinking it showed), or a tool result.
 *
 * Immutable. Use the factories for the common cases and [builder] for the rest.
 *
 * @property role who speaks.
 * @property content the text, or `null` for an assistant message with only tool calls or thinking.
 * @property toolCalls the tool calls of an assistant message; empty otherwise.
 * @property toolCallId for a [Role.TOOL] message: the id of the call it answers; `null` otherwise.
 * @property thinking Anthropic thinking shown by an earlier assistant turn, or `null`.
 * @property thinkingSignature the signature Anthropic gave with [thinking], or `null`.
 * @property parts the content parts of a user message (images, documents, audio, text with cache
 *   control), after [content] when both are set; empty for a plain text message. See
 *   [ContentPart] for how each provider receives them.
 */
public class Message private constructor(
    public val role: Role,
    public val content: String?,
    toolCalls: List<ToolCall>,
    public val toolCallId: String?,
    public val thinking: String?,
    public val thinkingSignature: String?,
    parts: List<ContentPart>,
) {
    public val toolCalls: List<ToolCall> = Collections.unmodifiableList(ArrayList(toolCalls))
    public val parts: List<ContentPart> = Collections.unmodifiableList(ArrayList(parts))

    /** [content] as a text part followed by [parts]; `null` for a plain text message (no parts). */
    @JvmSynthetic internal fun contentParts(): List<ContentPart>? =
        if (parts.isEmpty()) null else listOfNotNull(content?.let(ContentPart::text)) + parts

    override fun equals(other: Any?): Boolean =
        other is Message && role == other.role && content == other.content && toolCalls == other.toolCalls &&
            toolCallId == other.toolCallId && thinking == other.thinking && thinkingSignature == other.thinkingSignature &&
            parts == other.parts

    override fun hashCode(): Int = Objects.hash(role, content, toolCalls, toolCallId, thinking, thinkingSignature, parts)

    override fun toString(): String = buildString {
        append("Message(").append(role)
        if (toolCallId != null) append(", toolCallId=").append(toolCallId)
        if (content != null) append(", content=").append(Names.abbreviate(content))
        if (thinking != null) append(", thinking=").append(Names.abbreviate(thinking))
        if (toolCalls.isNotEmpty()) append(", toolCalls=").append(toolCalls)
        if (parts.isNotEmpty()) append(", parts=").append(parts)
        append(')')
    }

    /** Builds a [Message]; [build] checks that the parts fit the role. */
    public class Builder internal constructor(private val role: Role) {
        private var content: String? = null
        private val toolCalls = ArrayList<ToolCall>()
        private var toolCallId: String? = null
        private var thinking: String? = null
        private var thinkingSignature: String? = null
        private val parts = ArrayList<ContentPart>()

        /** The text; may be `null` only for an assistant message with tool calls or thinking. */
        public fun content(text: String?): Builder = apply { content = text }

        /** Adds a tool call (assistant messages only). */
        public fun toolCall(call: ToolCall): Builder = apply { toolCalls += call }

        /** Adds a tool call (assistant messages only). */
        public fun toolCall(id: String, name: String, argumentsJson: String): Builder =
            toolCall(ToolCall.of(id, name, argumentsJson))

        /** Adds a content part: an image, a document, audio, or text (user messages only). */
        public fun part(part: ContentPart): Builder = apply { parts += part }

        /** Adds content parts (user messages only). */
        public fun parts(parts: List<ContentPart>): Builder = apply { parts.forEach(::part) }

        /** The id of the call a [Role.TOOL] message answers. */
        public fun toolCallId(id: String): Builder = apply { toolCallId = id }

        /**
         * Thinking an Anthropic assistant turn showed, with its signature, to be sent back in a
         * multi-turn tool conversation with extended thinking. Other providers ignore it.
         */
        public fun thinking(text: String, signature: String): Builder = apply {
            thinking = text
            thinkingSignature = signature
        }

        /**
         * @throws IllegalArgumentException when the parts do not fit the role: text missing,
         *   tool calls or thinking on a non-assistant message, a tool result without call id
         */
        public fun build(): Message {
            val assistant = role == Role.ASSISTANT
            require(assistant || toolCalls.isEmpty()) { "only assistant messages carry tool calls, not $role" }
            require(assistant || thinking == null) { "only assistant messages carry thinking, not $role" }
            if (role == Role.TOOL) {
                require(!Names.isBlank(toolCallId)) { "tool result needs the id of the tool call it answers" }
            } else {
                require(toolCallId == null) { "only tool messages answer a tool call id, not $role" }
            }
            require(parts.isEmpty() || role == Role.USER) { "only user messages carry content parts, not $role" }
            require(content != null || parts.isNotEmpty() || (assistant && (toolCalls.isNotEmpty() || thinking != null))) {
                "$role message needs content"
            }
            return Message(role, content, toolCalls, toolCallId, thinking, thinkingSignature, parts)
        }
    }

    public companion object {
        /** A system instruction. */
        @JvmStatic
        public fun system(text: String): Message = builder(Role.SYSTEM).content(text).build()

        /** A user prompt. */
        @JvmStatic
        public fun user(text: String): Message = builder(Role.USER).content(text).build()

        /** A user prompt made of [parts] (text, images, documents, audio). */
        @JvmStatic
        public fun user(vararg parts: ContentPart): Message = builder(Role.USER).parts(parts.asList()).build()

        /** A user prompt: [text] followed by [parts]. */
        @JvmStatic
        public fun user(text: String, vararg parts: ContentPart): Message =
            builder(Role.USER).content(text).parts(parts.asList()).build()

        /** An earlier assistant answer. */
        @JvmStatic
        public fun assistant(text: String): Message = builder(Role.ASSISTANT).content(text).build()

        /** An earlier assistant answer that called tools; [text] may be `null`. */
        @JvmStatic
        public fun assistant(text: String?, vararg toolCalls: ToolCall): Message = assistant(text, toolCalls.asList())

        /** An earlier assistant answer that called tools; [text] may be `null`. */
        @JvmStatic
        public fun assistant(text: String?, toolCalls: List<ToolCall>): Message {
            val b = builder(Role.ASSISTANT).content(text)
            for (call in toolCalls) b.toolCall(call)
            return b.build()
        }

        /** The result of the tool call with id [toolCallId]. */
        @JvmStatic
        public fun toolResult(toolCallId: String, content: String): Message =
            builder(Role.TOOL).toolCallId(toolCallId).content(content).build()

        /** A builder for a message of [role]. */
        @JvmStatic
        public fun builder(role: Role): Builder = Builder(role)
    }
}
