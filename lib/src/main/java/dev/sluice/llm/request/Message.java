package dev.sluice.llm.request;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation: a system instruction, a user prompt, an assistant answer (with the
 * tool calls it made, and for Anthropic the thinking it showed), or a tool result.
 *
 * <p>Immutable. Use the static factories for the common cases and {@link #builder(Role)} for the
 * rest.
 */
public final class Message {
    private final Role role;
    private final String content;
    private final List<ToolCall> toolCalls;
    private final String toolCallId;
    private final String thinking;
    private final String thinkingSignature;

    private Message(Builder b) {
        this.role = b.role;
        this.content = b.content;
        this.toolCalls = Collections.unmodifiableList(new ArrayList<>(b.toolCalls));
        this.toolCallId = b.toolCallId;
        this.thinking = b.thinking;
        this.thinkingSignature = b.thinkingSignature;
    }

    /** A system instruction. */
    public static Message system(String text) {
        return builder(Role.SYSTEM).content(text).build();
    }

    /** A user prompt. */
    public static Message user(String text) {
        return builder(Role.USER).content(text).build();
    }

    /** An earlier assistant answer. */
    public static Message assistant(String text) {
        return builder(Role.ASSISTANT).content(text).build();
    }

    /** An earlier assistant answer that called tools; {@code text} may be {@code null}. */
    public static Message assistant(String text, ToolCall... toolCalls) {
        return assistant(text, Arrays.asList(toolCalls));
    }

    /** An earlier assistant answer that called tools; {@code text} may be {@code null}. */
    public static Message assistant(String text, List<ToolCall> toolCalls) {
        Builder b = builder(Role.ASSISTANT).content(text);
        for (ToolCall call : toolCalls) b.toolCall(call);
        return b.build();
    }

    /** The result of the tool call with id {@code toolCallId}. */
    public static Message toolResult(String toolCallId, String content) {
        return builder(Role.TOOL).toolCallId(toolCallId).content(content).build();
    }

    /** A builder for a message of {@code role}. */
    public static Builder builder(Role role) {
        return new Builder(Objects.requireNonNull(role, "role"));
    }

    public Role getRole() {
        return role;
    }

    /** The text, or {@code null} for an assistant message with only tool calls or thinking. */
    public String getContent() {
        return content;
    }

    /** The tool calls of an assistant message; empty otherwise. */
    public List<ToolCall> getToolCalls() {
        return toolCalls;
    }

    /** For a {@link Role#TOOL} message: the id of the call it answers; {@code null} otherwise. */
    public String getToolCallId() {
        return toolCallId;
    }

    /** Anthropic thinking shown by an earlier assistant turn, or {@code null}. */
    public String getThinking() {
        return thinking;
    }

    /** The signature Anthropic gave with {@link #getThinking()}, or {@code null}. */
    public String getThinkingSignature() {
        return thinkingSignature;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Message)) return false;
        Message m = (Message) o;
        return role == m.role && Objects.equals(content, m.content) && toolCalls.equals(m.toolCalls)
                && Objects.equals(toolCallId, m.toolCallId) && Objects.equals(thinking, m.thinking)
                && Objects.equals(thinkingSignature, m.thinkingSignature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, content, toolCalls, toolCallId, thinking, thinkingSignature);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Message(").append(role);
        if (toolCallId != null) s.append(", toolCallId=").append(toolCallId);
        if (content != null) s.append(", content=").append(Names.abbreviate(content));
        if (thinking != null) s.append(", thinking=").append(Names.abbreviate(thinking));
        if (!toolCalls.isEmpty()) s.append(", toolCalls=").append(toolCalls);
        return s.append(')').toString();
    }

    /** Builds a {@link Message}; {@link #build()} checks that the parts fit the role. */
    public static final class Builder {
        private final Role role;
        private String content;
        private final List<ToolCall> toolCalls = new ArrayList<>();
        private String toolCallId;
        private String thinking;
        private String thinkingSignature;

        private Builder(Role role) {
            this.role = role;
        }

        /** The text; may be {@code null} only for an assistant message with tool calls or thinking. */
        public Builder content(String text) {
            this.content = text;
            return this;
        }

        /** Adds a tool call (assistant messages only). */
        public Builder toolCall(ToolCall call) {
            toolCalls.add(Objects.requireNonNull(call, "call"));
            return this;
        }

        /** Adds a tool call (assistant messages only). */
        public Builder toolCall(String id, String name, String argumentsJson) {
            return toolCall(ToolCall.of(id, name, argumentsJson));
        }

        /** The id of the call a {@link Role#TOOL} message answers. */
        public Builder toolCallId(String id) {
            this.toolCallId = id;
            return this;
        }

        /**
         * Thinking an Anthropic assistant turn showed, with its signature, to be sent back in a
         * multi-turn tool conversation with extended thinking. Other providers ignore it.
         */
        public Builder thinking(String text, String signature) {
            this.thinking = Objects.requireNonNull(text, "text");
            this.thinkingSignature = Objects.requireNonNull(signature, "signature");
            return this;
        }

        /**
         * @throws IllegalArgumentException when the parts do not fit the role: text missing,
         *     tool calls or thinking on a non-assistant message, a tool result without call id
         */
        public Message build() {
            boolean assistant = role == Role.ASSISTANT;
            if (!assistant && !toolCalls.isEmpty()) {
                throw new IllegalArgumentException("only assistant messages carry tool calls, not " + role);
            }
            if (!assistant && thinking != null) {
                throw new IllegalArgumentException("only assistant messages carry thinking, not " + role);
            }
            if (role == Role.TOOL) {
                if (toolCallId == null || toolCallId.trim().isEmpty()) {
                    throw new IllegalArgumentException("tool result needs the id of the tool call it answers");
                }
            } else if (toolCallId != null) {
                throw new IllegalArgumentException("only tool messages answer a tool call id, not " + role);
            }
            if (content == null && !(assistant && (!toolCalls.isEmpty() || thinking != null))) {
                throw new IllegalArgumentException(role + " message needs content");
            }
            return new Message(this);
        }
    }
}
