package dev.sluice.llm.request;

import dev.sluice.internal.llm.request.JsonTexts;
import java.util.Objects;

/**
 * A function the model may call: its name, a description, and a JSON Schema for its parameters.
 *
 * <p>Encoded per provider: Chat Completions {@code {type: function, function: {name, description,
 * parameters, strict}}}; Responses {@code {type: function, name, description, parameters,
 * strict}}; Anthropic {@code {name, description, input_schema}}; Ollama as Chat Completions.
 */
public final class Tool {
    /** The schema used where a provider needs one and none was given: no parameters. */
    public static final String EMPTY_OBJECT_SCHEMA = "{\"type\":\"object\",\"properties\":{}}";

    private final String name;
    private final String description;
    private final String parameters;
    private final Boolean strict;

    private Tool(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.parameters = b.parameters;
        this.strict = b.strict;
    }

    /** A tool with a description and a parameter schema given as JSON text. */
    public static Tool function(String name, String description, String parametersJson) {
        return builder(name).description(description).parameters(parametersJson).build();
    }

    /** A builder for the tool named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(Names.requireNonBlank(name, "tool name"));
    }

    public String getName() {
        return name;
    }

    /** The description, or {@code null}. */
    public String getDescription() {
        return description;
    }

    /** The JSON Schema of the parameters as JSON text, or {@code null} when none was given. */
    public String getParameters() {
        return parameters;
    }

    /**
     * OpenAI strict schema adherence, or {@code null} when not set. Chat Completions then omits
     * the field (non-strict); Responses, which would default to strict, is sent {@code false}
     * explicitly so one schema works with both. Anthropic and Ollama ignore it.
     */
    public Boolean getStrict() {
        return strict;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tool)) return false;
        Tool t = (Tool) o;
        return name.equals(t.name) && Objects.equals(description, t.description)
                && Objects.equals(parameters, t.parameters) && Objects.equals(strict, t.strict);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, parameters, strict);
    }

    @Override
    public String toString() {
        return "Tool(name=" + name + ", description=" + Names.abbreviate(description)
                + ", parameters=" + Names.abbreviate(parameters) + (strict == null ? "" : ", strict=" + strict) + ")";
    }

    /** Builds a {@link Tool}. */
    public static final class Builder {
        private final String name;
        private String description;
        private String parameters;
        private Boolean strict;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * The parameters' JSON Schema as JSON text (an object).
         *
         * @throws LlmRequestException if the text is not a JSON object
         */
        public Builder parameters(String schemaJson) {
            JsonTexts.requireJsonObject(schemaJson, "parameters of tool '" + name + "'");
            this.parameters = schemaJson;
            return this;
        }

        /** OpenAI strict schema adherence; see {@link Tool#getStrict()}. */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        public Tool build() {
            return new Tool(this);
        }
    }
}
