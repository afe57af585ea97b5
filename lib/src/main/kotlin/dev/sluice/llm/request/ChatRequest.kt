package dev.sluice.llm.request

import dev.sluice.internal.llm.request.requireJson
import java.util.Collections
import java.util.Objects

/**
 * A provider-neutral chat request: model, conversation, tools and sampling options, encoded for
 * each [Provider] by [ProviderConfig.prepare]. Built with [builder] (Java) or `chatRequest { }`
 * (Kotlin).
 *
 * How the fields map (an option a provider cannot express fails encoding with an
 * [LlmRequestException] naming it, rather than being dropped):
 * - `maxTokens`: Chat Completions `max_completion_tokens` (OpenAI deprecated `max_tokens`, which
 *   reasoning models reject); OpenAI-compatible servers `max_tokens` (what they all accept);
 *   Responses `max_output_tokens`; Anthropic `max_tokens`, which Anthropic requires: when unset,
 *   [DEFAULT_ANTHROPIC_MAX_TOKENS], or the thinking budget plus [DEFAULT_ANTHROPIC_MAX_TOKENS]
 *   when thinking is on; Ollama `options.num_predict`.
 * - `stop`: `stop`, Anthropic `stop_sequences`, Ollama `options.stop`; not supported by Responses.
 * - `n`: Chat Completions only.
 * - `thinkingBudget`: Anthropic only (`thinking: {type: enabled, budget_tokens}`); for OpenAI
 *   reasoning effort use [Builder.extraField].
 * - `instructions` and [Role.SYSTEM] messages: Responses `instructions` (system messages are
 *   lifted into it when no explicit instructions are set); Anthropic top-level `system` (all
 *   joined by a blank line); elsewhere leading system messages.
 * - `includeUsage` (default on): Chat Completions `stream_options.include_usage`.
 * - `parallelToolCalls`: OpenAI `parallel_tool_calls`; Anthropic
 *   `tool_choice.disable_parallel_tool_use`.
 * - `responseSchema`: structured output; see [ResponseSchema] for each provider's field.
 * - `background`: OpenAI Responses `background: true` (other providers refuse it); the client
 *   then resumes a dropped stream and cancels the response on the server when the call is cancelled.
 * - Extra fields are written last. When both the encoded value and the extra value are JSON
 *   objects they merge one level deep (Ollama `options`, OpenAI `stream_options`); otherwise the
 *   extra value replaces the encoded one.
 */
public class ChatRequest private constructor(
    public val model: String,
    messages: List<Message>,
    tools: List<Tool>,
    /** The tool choice, or `null` to leave it to the provider's default. */
    public val toolChoice: ToolChoice?,
    /** Whether the model may call several tools at once, or `null` for the default. */
    public val parallelToolCalls: Boolean?,
    /** The output token limit, or `null`. */
    public val maxTokens: Int?,
    public val temperature: Double?,
    public val topP: Double?,
    stop: List<String>,
    /** Number of choices (Chat Completions), or `null`. */
    public val n: Int?,
    /** Anthropic extended thinking budget in tokens, or `null` for no thinking. */
    public val thinkingBudget: Int?,
    /** Explicit instructions (Responses `instructions`), or `null`. */
    public val instructions: String?,
    /** Whether Chat Completions streams are asked for a final usage chunk (default `true`). */
    public val isIncludeUsage: Boolean,
    extraFields: Map<String, String>,
    /** The JSON Schema the answer must follow, or `null` for free text. */
    public val responseSchema: ResponseSchema?,
    /** Whether the call runs as an OpenAI Responses background response (default `false`). */
    public val isBackground: Boolean,
) {
    public val messages: List<Message> = Collections.unmodifiableList(ArrayList(messages))
    public val tools: List<Tool> = Collections.unmodifiableList(ArrayList(tools))

    /** Stop sequences; empty when none. */
    public val stop: List<String> = Collections.unmodifiableList(ArrayList(stop))

    /** Extra top-level fields, name to raw JSON text, in insertion order. */
    public val extraFields: Map<String, String> = Collections.unmodifiableMap(LinkedHashMap(extraFields))

    /** A builder holding everything this request holds, to add a turn or change an option. */
    public fun toBuilder(): Builder = Builder(this)

    override fun equals(other: Any?): Boolean =
        other is ChatRequest && model == other.model && messages == other.messages && tools == other.tools &&
            toolChoice == other.toolChoice && parallelToolCalls == other.parallelToolCalls &&
            maxTokens == other.maxTokens && Objects.equals(temperature, other.temperature) && // Double.equals, as hashCode
            Objects.equals(topP, other.topP) &&
            stop == other.stop && n == other.n && thinkingBudget == other.thinkingBudget &&
            instructions == other.instructions && isIncludeUsage == other.isIncludeUsage &&
            extraFields == other.extraFields && responseSchema == other.responseSchema && isBackground == other.isBackground

    override fun hashCode(): Int = Objects.hash(
        model, messages, tools, toolChoice, parallelToolCalls, maxTokens, temperature, topP,
        stop, n, thinkingBudget, instructions, isIncludeUsage, extraFields, responseSchema, isBackground,
    )

    override fun toString(): String = buildString {
        append("ChatRequest(model=").append(model).append(", messages=").append(messages.size)
        if (tools.isNotEmpty()) append(tools.joinToString(", ", ", tools=[", "]") { it.name })
        if (toolChoice != null) append(", toolChoice=").append(toolChoice)
        if (parallelToolCalls != null) append(", parallelToolCalls=").append(parallelToolCalls)
        if (maxTokens != null) append(", maxTokens=").append(maxTokens)
        if (temperature != null) append(", temperature=").append(temperature)
        if (topP != null) append(", topP=").append(topP)
        if (stop.isNotEmpty()) append(", stop=").append(stop.size)
        if (n != null) append(", n=").append(n)
        if (thinkingBudget != null) append(", thinkingBudget=").append(thinkingBudget)
        if (instructions != null) append(", instructions=").append(Names.abbreviate(instructions))
        if (!isIncludeUsage) append(", includeUsage=false")
        if (responseSchema != null) append(", responseSchema=").append(responseSchema.name)
        if (isBackground) append(", background=true")
        if (extraFields.isNotEmpty()) append(", extraFields=").append(extraFields.keys)
        append(')')
    }

    /** Builds a [ChatRequest]; only the model is required. */
    public class Builder internal constructor() {
        private var model: String? = null
        private val messages = ArrayList<Message>()
        private val tools = ArrayList<Tool>()
        private var toolChoice: ToolChoice? = null
        private var parallelToolCalls: Boolean? = null
        private var maxTokens: Int? = null
        private var temperature: Double? = null
        private var topP: Double? = null
        private val stop = ArrayList<String>()
        private var n: Int? = null
        private var thinkingBudget: Int? = null
        private var instructions: String? = null
        private var includeUsage = true
        private val extraFields = LinkedHashMap<String, String>()
        private var responseSchema: ResponseSchema? = null
        private var background = false

        internal constructor(from: ChatRequest) : this() {
            model = from.model
            messages += from.messages
            tools += from.tools
            toolChoice = from.toolChoice
            parallelToolCalls = from.parallelToolCalls
            maxTokens = from.maxTokens
            temperature = from.temperature
            topP = from.topP
            stop += from.stop
            n = from.n
            thinkingBudget = from.thinkingBudget
            instructions = from.instructions
            includeUsage = from.isIncludeUsage
            extraFields += from.extraFields
            responseSchema = from.responseSchema
            background = from.isBackground
        }

        public fun model(model: String): Builder = apply { this.model = Names.requireNonBlank(model, "model") }

        /** Appends a message. */
        public fun message(message: Message): Builder = apply { messages += message }

        /** Appends messages, e.g. an earlier conversation. */
        public fun messages(messages: List<Message>): Builder = apply { messages.forEach(::message) }

        /** Appends a system instruction. */
        public fun system(text: String): Builder = message(Message.system(text))

        /** Appends a user prompt. */
        public fun user(text: String): Builder = message(Message.user(text))

        /** Appends a user prompt: [text] followed by content parts (images, documents, audio). */
        public fun user(text: String, vararg parts: ContentPart): Builder = message(Message.user(text, *parts))

        /**
         * Appends a user prompt; named after the Responses API's `input`. A request whose only
         * non-system message is one user text is sent to Responses as `"input": "text"`.
         */
        public fun input(text: String): Builder = user(text)

        /** Appends an earlier assistant answer. */
        public fun assistant(text: String): Builder = message(Message.assistant(text))

        /** Appends an earlier assistant answer that called tools; [text] may be `null`. */
        public fun assistant(text: String?, vararg toolCalls: ToolCall): Builder =
            message(Message.assistant(text, toolCalls.asList()))

        /** Appends the result of the tool call with id [toolCallId]. */
        public fun toolResult(toolCallId: String, content: String): Builder = message(Message.toolResult(toolCallId, content))

        /** Offers a tool to the model. */
        public fun tool(tool: Tool): Builder = apply { tools += tool }

        /** Offers a tool with a JSON Schema given as text. */
        public fun tool(name: String, description: String?, parametersJson: String): Builder =
            tool(Tool.function(name, description, parametersJson))

        /** Offers tools. */
        public fun tools(tools: List<Tool>): Builder = apply { tools.forEach(::tool) }

        public fun toolChoice(choice: ToolChoice): Builder = apply { toolChoice = choice }

        public fun parallelToolCalls(allowed: Boolean): Builder = apply { parallelToolCalls = allowed }

        public fun maxTokens(maxTokens: Int): Builder = apply {
            require(maxTokens > 0) { "maxTokens must be positive, was $maxTokens" }
            this.maxTokens = maxTokens
        }

        public fun temperature(temperature: Double): Builder = apply {
            require(temperature >= 0) { "temperature must be >= 0, was $temperature" }
            this.temperature = temperature
        }

        public fun topP(topP: Double): Builder = apply {
            require(topP >= 0 && topP <= 1) { "topP must be in [0, 1], was $topP" }
            this.topP = topP
        }

        /** Adds stop sequences. */
        public fun stop(vararg sequences: String): Builder = stop(sequences.asList())

        /** Adds stop sequences. */
        public fun stop(sequences: List<String>): Builder = apply {
            val checked: List<String?> = sequences // a Java caller may slip in a null
            for (s in checked) {
                require(!s.isNullOrEmpty()) { "stop sequence is empty" }
                stop += s
            }
        }

        /** Number of choices to generate (Chat Completions only). */
        public fun n(n: Int): Builder = apply {
            require(n > 0) { "n must be positive, was $n" }
            this.n = n
        }

        /** Turns on Anthropic extended thinking with this token budget (Anthropic only). */
        public fun thinkingBudget(budgetTokens: Int): Builder = apply {
            require(budgetTokens > 0) { "thinking budget must be positive, was $budgetTokens" }
            thinkingBudget = budgetTokens
        }

        /** Instructions: Responses `instructions`; a leading system prompt elsewhere. */
        public fun instructions(instructions: String): Builder = apply { this.instructions = instructions }

        /** Whether Chat Completions streams end with a usage chunk (default `true`). */
        public fun includeUsage(include: Boolean): Builder = apply { includeUsage = include }

        /**
         * Adds a top-level field the builder has no method for, e.g.
         * `extraField("reasoning_effort", "\"low\"")` or `extraField("metadata", "{\"user\":\"42\"}")`.
         * See the class doc for how it combines with encoded fields.
         *
         * @param rawJson the value as JSON text (a string value needs its quotes)
         * @throws LlmRequestException if [rawJson] is not one JSON value
         */
        public fun extraField(name: String, rawJson: String): Builder = apply {
            Names.requireNonBlank(name, "extra field name")
            requireJson(rawJson, "extra field '$name'")
            extraFields[name] = rawJson
        }

        /** The JSON Schema the answer must follow (structured output); `null` for free text. */
        public fun responseSchema(schema: ResponseSchema?): Builder = apply { responseSchema = schema }

        /** The JSON Schema the answer must follow, as JSON text named [name] (strict). */
        public fun responseSchema(name: String, schemaJson: String): Builder = responseSchema(ResponseSchema.of(name, schemaJson))

        /**
         * Runs the call as an OpenAI Responses background response (`background: true`): a stream
         * that drops is resumed where it stopped, and cancelling the call also cancels the response
         * on the server. Other providers refuse it.
         */
        public fun background(background: Boolean): Builder = apply { this.background = background }

        /** @throws IllegalStateException when no model is set */
        public fun build(): ChatRequest = ChatRequest(
            model ?: throw IllegalStateException("ChatRequest needs a model"), messages, tools, toolChoice,
            parallelToolCalls, maxTokens, temperature, topP, stop, n, thinkingBudget, instructions, includeUsage,
            extraFields, responseSchema, background,
        )
    }

    public companion object {
        /** The `max_tokens` sent to Anthropic, which requires one, when none is set. */
        public const val DEFAULT_ANTHROPIC_MAX_TOKENS: Int = 1024

        /** An empty builder. */
        @JvmStatic
        public fun builder(): Builder = Builder()
    }
}
