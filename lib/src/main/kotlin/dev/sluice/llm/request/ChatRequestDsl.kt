@file:JvmName("ChatRequestDsl")

package dev.sluice.llm.request

import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

/*
 * The Kotlin DSL over the request model's builders (ChatRequest.Builder, Message.Builder,
 * Tool.Builder): no model of its own. Entry points taking lambdas or kotlinx JSON types are
 * @JvmSynthetic: Java callers use ChatRequest.builder() instead.
 */

/** Marks the request DSL's scopes so an inner block cannot call an outer one's functions by accident. */
@DslMarker
@Target(AnnotationTarget.CLASS)
public annotation class ChatRequestDslMarker

/**
 * Builds a [ChatRequest]:
 * ```
 * chatRequest {
 *     model = "gpt-4o-mini"
 *     system("Answer in one sentence.")
 *     user("What's the weather in Paris?")
 *     tool("get_weather") {
 *         description = "Current weather for a city"
 *         parameters("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")
 *     }
 *     maxTokens = 200
 * }
 * ```
 */
@JvmSynthetic
public fun chatRequest(block: ChatRequestScope.() -> Unit): ChatRequest = ChatRequestScope(null).apply(block).build()

/** A request holding everything [from] holds, changed or extended by [block] (e.g. the next turn). */
@JvmSynthetic
public fun chatRequest(from: ChatRequest, block: ChatRequestScope.() -> Unit): ChatRequest =
    ChatRequestScope(from).apply(block).build()

/** Sets the parameters' JSON Schema from a kotlinx [JsonObject]. */
@JvmSynthetic
public fun Tool.Builder.parameters(schema: JsonObject): Tool.Builder = parameters(schema.toString())

/** Adds an extra top-level field from a kotlinx [JsonElement]. */
@JvmSynthetic
public fun ChatRequest.Builder.extraField(name: String, value: JsonElement): ChatRequest.Builder =
    extraField(name, value.toString())

/** The body of [chatRequest]: set options as properties, append turns and tools with functions. */
@ChatRequestDslMarker
public class ChatRequestScope internal constructor(from: ChatRequest?) {
    /** Required. */
    public var model: String? = from?.model
    public var maxTokens: Int? = from?.maxTokens
    public var temperature: Double? = from?.temperature
    public var topP: Double? = from?.topP

    /** Number of choices (Chat Completions only). */
    public var n: Int? = from?.n

    /** Anthropic extended thinking budget in tokens. */
    public var thinkingBudget: Int? = from?.thinkingBudget

    /** Responses `instructions`; a leading system prompt elsewhere. */
    public var instructions: String? = from?.instructions

    /** Chat Completions `stream_options.include_usage` (default true). */
    public var includeUsage: Boolean = from?.isIncludeUsage ?: true
    public var toolChoice: ToolChoice? = from?.toolChoice
    public var parallelToolCalls: Boolean? = from?.parallelToolCalls

    /** The JSON Schema the answer must follow, e.g. `ResponseSchema.of<Weather>()`. */
    public var responseSchema: ResponseSchema? = from?.responseSchema

    /** OpenAI Responses background mode (resumable, cancellable on the server). */
    public var background: Boolean = from?.isBackground ?: false

    /*
     * Turns, tools, stop sequences and extra fields go straight to the builder. The options stay
     * properties until build(), because a property set back to null clears what [from] held.
     */
    private val builder = ChatRequest.builder().apply {
        if (from != null) {
            messages(from.messages).tools(from.tools).stop(from.stop)
            from.extraFields.forEach { (name, raw) -> extraField(name, raw) }
        }
    }

    /** Appends a system instruction. */
    public fun system(text: String) {
        builder.system(text)
    }

    /** Appends a user prompt. */
    public fun user(text: String) {
        builder.user(text)
    }

    /** Appends a user prompt: [text] followed by content parts (images, documents, audio). */
    public fun user(text: String, vararg parts: ContentPart) {
        builder.user(text, *parts)
    }

    /** Appends a user prompt (the Responses API calls it `input`). */
    public fun input(text: String) {
        builder.input(text)
    }

    /** Appends an earlier assistant answer. */
    public fun assistant(text: String) {
        builder.assistant(text)
    }

    /** Appends an earlier assistant turn with tool calls (and for Anthropic, thinking). */
    @JvmSynthetic
    public fun assistant(block: AssistantScope.() -> Unit) {
        builder.message(AssistantScope().apply(block).build())
    }

    /** Appends the result of the tool call with id [toolCallId]. */
    public fun toolResult(toolCallId: String, content: String) {
        builder.toolResult(toolCallId, content)
    }

    /** Appends a prepared message. */
    public fun message(message: Message) {
        builder.message(message)
    }

    /** Appends prepared messages, e.g. an earlier conversation. */
    public fun messages(messages: List<Message>) {
        builder.messages(messages)
    }

    /** Offers the tool [name] to the model. */
    @JvmSynthetic
    public fun tool(name: String, block: ToolScope.() -> Unit) {
        builder.tool(ToolScope(name).apply(block).build())
    }

    /** Offers a prepared tool. */
    public fun tool(tool: Tool) {
        builder.tool(tool)
    }

    /** Adds stop sequences. */
    public fun stop(vararg sequences: String) {
        builder.stop(*sequences)
    }

    /** Adds a top-level field the DSL has no property for. */
    @JvmSynthetic
    public fun extra(name: String, value: JsonElement) {
        builder.extraField(name, value)
    }

    /** Adds a top-level field given as raw JSON text (a string value needs its quotes). */
    public fun extraJson(name: String, rawJson: String) {
        builder.extraField(name, rawJson)
    }

    @JvmSynthetic internal fun build(): ChatRequest {
        val b = builder
        b.model(model ?: throw IllegalStateException("chatRequest needs a model"))
        b.includeUsage(includeUsage)
        maxTokens?.let(b::maxTokens)
        temperature?.let(b::temperature)
        topP?.let(b::topP)
        n?.let(b::n)
        thinkingBudget?.let(b::thinkingBudget)
        instructions?.let(b::instructions)
        toolChoice?.let(b::toolChoice)
        parallelToolCalls?.let(b::parallelToolCalls)
        b.responseSchema(responseSchema)
        b.background(background)
        return b.build()
    }
}

/** An earlier assistant turn: its text, the tool calls it made, the thinking it showed. */
@ChatRequestDslMarker
public class AssistantScope internal constructor() {
    public var text: String? = null
    private val builder = Message.builder(Role.ASSISTANT)

    /** A tool call with its arguments as JSON text. */
    public fun toolCall(id: String, name: String, arguments: String) {
        builder.toolCall(id, name, arguments)
    }

    /** A tool call with its arguments as a kotlinx [JsonObject]. */
    @JvmSynthetic
    public fun toolCall(id: String, name: String, arguments: JsonObject) {
        builder.toolCall(id, name, arguments.toString())
    }

    /** Anthropic thinking with its signature, to send back with tool results. */
    public fun thinking(text: String, signature: String) {
        builder.thinking(text, signature)
    }

    @JvmSynthetic internal fun build(): Message = builder.content(text).build()
}

/** A tool definition: description, parameter schema, strictness. */
@ChatRequestDslMarker
public class ToolScope internal constructor(private val name: String) {
    public var description: String? = null

    /** OpenAI strict schema adherence; see [Tool.getStrict]. */
    public var strict: Boolean? = null
    private var schema: String? = null

    /** The parameters' JSON Schema as JSON text. */
    public fun parameters(schemaJson: String) {
        schema = schemaJson
    }

    /** The parameters' JSON Schema as a kotlinx [JsonObject]. */
    @JvmSynthetic
    public fun parameters(schema: JsonObject) {
        this.schema = schema.toString()
    }

    @JvmSynthetic internal fun build(): Tool {
        val b = Tool.builder(name).description(description)
        schema?.let(b::parameters)
        strict?.let(b::strict)
        return b.build()
    }
}
