package dev.sluice.llm.request;

import dev.sluice.internal.llm.request.JsonTexts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A provider-neutral chat request: model, conversation, tools and sampling options, encoded for
 * each {@link Provider} by {@link ProviderConfig#prepare(ChatRequest)}.
 *
 * <p>How the fields map (an option a provider cannot express fails encoding with an
 * {@link LlmRequestException} naming it, rather than being dropped):
 * <ul>
 *   <li>{@code maxTokens}: Chat Completions {@code max_completion_tokens} (OpenAI deprecated
 *       {@code max_tokens}, which reasoning models reject); OpenAI-compatible servers
 *       {@code max_tokens} (what they all accept); Responses {@code max_output_tokens}; Anthropic
 *       {@code max_tokens}, which Anthropic requires: when unset, {@value #DEFAULT_ANTHROPIC_MAX_TOKENS},
 *       or the thinking budget plus {@value #DEFAULT_ANTHROPIC_MAX_TOKENS} when thinking is on;
 *       Ollama {@code options.num_predict}.</li>
 *   <li>{@code stop}: {@code stop}, Anthropic {@code stop_sequences}, Ollama {@code options.stop};
 *       not supported by Responses.</li>
 *   <li>{@code n}: Chat Completions only.</li>
 *   <li>{@code thinkingBudget}: Anthropic only ({@code thinking: {type: enabled, budget_tokens}});
 *       for OpenAI reasoning effort use {@link Builder#extraField}.</li>
 *   <li>{@code instructions} and {@link Role#SYSTEM} messages: Responses {@code instructions}
 *       (system messages are lifted into it when no explicit instructions are set); Anthropic
 *       top-level {@code system} (all joined by a blank line); elsewhere leading system messages.</li>
 *   <li>{@code includeUsage} (default on): Chat Completions {@code stream_options.include_usage}.</li>
 *   <li>{@code parallelToolCalls}: OpenAI {@code parallel_tool_calls}; Anthropic
 *       {@code tool_choice.disable_parallel_tool_use}.</li>
 *   <li>Extra fields are written last. When both the encoded value and the extra value are JSON
 *       objects they merge one level deep (Ollama {@code options}, OpenAI {@code stream_options});
 *       otherwise the extra value replaces the encoded one.</li>
 * </ul>
 */
public final class ChatRequest {
    /** The {@code max_tokens} sent to Anthropic, which requires one, when none is set. */
    public static final int DEFAULT_ANTHROPIC_MAX_TOKENS = 1024;

    private final String model;
    private final List<Message> messages;
    private final List<Tool> tools;
    private final ToolChoice toolChoice;
    private final Boolean parallelToolCalls;
    private final Integer maxTokens;
    private final Double temperature;
    private final Double topP;
    private final List<String> stop;
    private final Integer n;
    private final Integer thinkingBudget;
    private final String instructions;
    private final boolean includeUsage;
    private final Map<String, String> extraFields;

    private ChatRequest(Builder b) {
        this.model = b.model;
        this.messages = Collections.unmodifiableList(new ArrayList<>(b.messages));
        this.tools = Collections.unmodifiableList(new ArrayList<>(b.tools));
        this.toolChoice = b.toolChoice;
        this.parallelToolCalls = b.parallelToolCalls;
        this.maxTokens = b.maxTokens;
        this.temperature = b.temperature;
        this.topP = b.topP;
        this.stop = Collections.unmodifiableList(new ArrayList<>(b.stop));
        this.n = b.n;
        this.thinkingBudget = b.thinkingBudget;
        this.instructions = b.instructions;
        this.includeUsage = b.includeUsage;
        this.extraFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraFields));
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding everything this request holds, to add a turn or change an option. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.messages.addAll(messages);
        b.tools.addAll(tools);
        b.toolChoice = toolChoice;
        b.parallelToolCalls = parallelToolCalls;
        b.maxTokens = maxTokens;
        b.temperature = temperature;
        b.topP = topP;
        b.stop.addAll(stop);
        b.n = n;
        b.thinkingBudget = thinkingBudget;
        b.instructions = instructions;
        b.includeUsage = includeUsage;
        b.extraFields.putAll(extraFields);
        return b;
    }

    public String getModel() {
        return model;
    }

    public List<Message> getMessages() {
        return messages;
    }

    public List<Tool> getTools() {
        return tools;
    }

    /** The tool choice, or {@code null} to leave it to the provider's default. */
    public ToolChoice getToolChoice() {
        return toolChoice;
    }

    /** Whether the model may call several tools at once, or {@code null} for the default. */
    public Boolean getParallelToolCalls() {
        return parallelToolCalls;
    }

    /** The output token limit, or {@code null}. */
    public Integer getMaxTokens() {
        return maxTokens;
    }

    public Double getTemperature() {
        return temperature;
    }

    public Double getTopP() {
        return topP;
    }

    /** Stop sequences; empty when none. */
    public List<String> getStop() {
        return stop;
    }

    /** Number of choices (Chat Completions), or {@code null}. */
    public Integer getN() {
        return n;
    }

    /** Anthropic extended thinking budget in tokens, or {@code null} for no thinking. */
    public Integer getThinkingBudget() {
        return thinkingBudget;
    }

    /** Explicit instructions (Responses {@code instructions}), or {@code null}. */
    public String getInstructions() {
        return instructions;
    }

    /** Whether Chat Completions streams are asked for a final usage chunk (default {@code true}). */
    public boolean isIncludeUsage() {
        return includeUsage;
    }

    /** Extra top-level fields, name to raw JSON text, in insertion order. */
    public Map<String, String> getExtraFields() {
        return extraFields;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChatRequest)) return false;
        ChatRequest r = (ChatRequest) o;
        return model.equals(r.model) && messages.equals(r.messages) && tools.equals(r.tools)
                && Objects.equals(toolChoice, r.toolChoice) && Objects.equals(parallelToolCalls, r.parallelToolCalls)
                && Objects.equals(maxTokens, r.maxTokens) && Objects.equals(temperature, r.temperature)
                && Objects.equals(topP, r.topP) && stop.equals(r.stop) && Objects.equals(n, r.n)
                && Objects.equals(thinkingBudget, r.thinkingBudget) && Objects.equals(instructions, r.instructions)
                && includeUsage == r.includeUsage && extraFields.equals(r.extraFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, messages, tools, toolChoice, parallelToolCalls, maxTokens, temperature, topP,
                stop, n, thinkingBudget, instructions, includeUsage, extraFields);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ChatRequest(model=").append(model)
                .append(", messages=").append(messages.size());
        if (!tools.isEmpty()) {
            s.append(", tools=[");
            for (int i = 0; i < tools.size(); i++) s.append(i == 0 ? "" : ", ").append(tools.get(i).getName());
            s.append(']');
        }
        if (toolChoice != null) s.append(", toolChoice=").append(toolChoice);
        if (parallelToolCalls != null) s.append(", parallelToolCalls=").append(parallelToolCalls);
        if (maxTokens != null) s.append(", maxTokens=").append(maxTokens);
        if (temperature != null) s.append(", temperature=").append(temperature);
        if (topP != null) s.append(", topP=").append(topP);
        if (!stop.isEmpty()) s.append(", stop=").append(stop.size());
        if (n != null) s.append(", n=").append(n);
        if (thinkingBudget != null) s.append(", thinkingBudget=").append(thinkingBudget);
        if (instructions != null) s.append(", instructions=").append(Names.abbreviate(instructions));
        if (!includeUsage) s.append(", includeUsage=false");
        if (!extraFields.isEmpty()) s.append(", extraFields=").append(extraFields.keySet());
        return s.append(')').toString();
    }

    /** Builds a {@link ChatRequest}; only the model is required. */
    public static final class Builder {
        private String model;
        private final List<Message> messages = new ArrayList<>();
        private final List<Tool> tools = new ArrayList<>();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private final List<String> stop = new ArrayList<>();
        private Integer n;
        private Integer thinkingBudget;
        private String instructions;
        private boolean includeUsage = true;
        private final Map<String, String> extraFields = new LinkedHashMap<>();

        private Builder() {}

        public Builder model(String model) {
            this.model = Names.requireNonBlank(model, "model");
            return this;
        }

        /** Appends a message. */
        public Builder message(Message message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** Appends messages, e.g. an earlier conversation. */
        public Builder messages(List<Message> messages) {
            for (Message m : messages) message(m);
            return this;
        }

        /** Appends a system instruction. */
        public Builder system(String text) {
            return message(Message.system(text));
        }

        /** Appends a user prompt. */
        public Builder user(String text) {
            return message(Message.user(text));
        }

        /**
         * Appends a user prompt; named after the Responses API's {@code input}. A request whose
         * only non-system message is one user text is sent to Responses as {@code "input": "text"}.
         */
        public Builder input(String text) {
            return user(text);
        }

        /** Appends an earlier assistant answer. */
        public Builder assistant(String text) {
            return message(Message.assistant(text));
        }

        /** Appends an earlier assistant answer that called tools; {@code text} may be {@code null}. */
        public Builder assistant(String text, ToolCall... toolCalls) {
            return message(Message.assistant(text, toolCalls));
        }

        /** Appends the result of the tool call with id {@code toolCallId}. */
        public Builder toolResult(String toolCallId, String content) {
            return message(Message.toolResult(toolCallId, content));
        }

        /** Offers a tool to the model. */
        public Builder tool(Tool tool) {
            tools.add(Objects.requireNonNull(tool, "tool"));
            return this;
        }

        /** Offers a tool with a JSON Schema given as text. */
        public Builder tool(String name, String description, String parametersJson) {
            return tool(Tool.function(name, description, parametersJson));
        }

        /** Offers tools. */
        public Builder tools(List<Tool> tools) {
            for (Tool t : tools) tool(t);
            return this;
        }

        public Builder toolChoice(ToolChoice choice) {
            this.toolChoice = Objects.requireNonNull(choice, "choice");
            return this;
        }

        public Builder parallelToolCalls(boolean allowed) {
            this.parallelToolCalls = allowed;
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            if (maxTokens <= 0) throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder temperature(double temperature) {
            if (!(temperature >= 0)) throw new IllegalArgumentException("temperature must be >= 0, was " + temperature);
            this.temperature = temperature;
            return this;
        }

        public Builder topP(double topP) {
            if (!(topP >= 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in [0, 1], was " + topP);
            this.topP = topP;
            return this;
        }

        /** Adds stop sequences. */
        public Builder stop(String... sequences) {
            return stop(Arrays.asList(sequences));
        }

        /** Adds stop sequences. */
        public Builder stop(List<String> sequences) {
            for (String s : sequences) {
                if (s == null || s.isEmpty()) throw new IllegalArgumentException("stop sequence is empty");
                stop.add(s);
            }
            return this;
        }

        /** Number of choices to generate (Chat Completions only). */
        public Builder n(int n) {
            if (n <= 0) throw new IllegalArgumentException("n must be positive, was " + n);
            this.n = n;
            return this;
        }

        /** Turns on Anthropic extended thinking with this token budget (Anthropic only). */
        public Builder thinkingBudget(int budgetTokens) {
            if (budgetTokens <= 0) {
                throw new IllegalArgumentException("thinking budget must be positive, was " + budgetTokens);
            }
            this.thinkingBudget = budgetTokens;
            return this;
        }

        /** Instructions: Responses {@code instructions}; a leading system prompt elsewhere. */
        public Builder instructions(String instructions) {
            this.instructions = Objects.requireNonNull(instructions, "instructions");
            return this;
        }

        /** Whether Chat Completions streams end with a usage chunk (default {@code true}). */
        public Builder includeUsage(boolean include) {
            this.includeUsage = include;
            return this;
        }

        /**
         * Adds a top-level field the builder has no method for, e.g.
         * {@code extraField("reasoning_effort", "\"low\"")} or
         * {@code extraField("metadata", "{\"user\":\"42\"}")}. See the class doc for how it combines
         * with encoded fields.
         *
         * @param rawJson the value as JSON text (a string value needs its quotes)
         * @throws LlmRequestException if {@code rawJson} is not one JSON value
         */
        public Builder extraField(String name, String rawJson) {
            Names.requireNonBlank(name, "extra field name");
            JsonTexts.requireJson(rawJson, "extra field '" + name + "'");
            extraFields.put(name, rawJson);
            return this;
        }

        /**
         * @throws IllegalStateException when no model is set
         */
        public ChatRequest build() {
            if (model == null) throw new IllegalStateException("ChatRequest needs a model");
            return new ChatRequest(this);
        }
    }
}
