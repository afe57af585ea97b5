package dev.sluice.llm

/**
 * One tool call of an accumulated choice.
 *
 * @property index its position among the choice's tool calls (the Chat Completions wire `index`).
 * @property id the id a tool result must quote (`tool_calls[].id`, Anthropic `tool_use.id`,
 *   Responses `call_id`); `null` when the stream never sent one (Ollama).
 * @property itemId the Responses output item id (`fc_...`); `null` for other providers.
 * @property type the tool type, `function` unless the provider said otherwise.
 * @property name the function name, `null` if not received yet.
 * @property arguments the JSON arguments text: the exact concatenation of the streamed fragments.
 * @property isComplete whether the provider marked the call as complete.
 */
public class LlmToolCall internal constructor(
    public val index: Int,
    public val id: String?,
    public val itemId: String?,
    public val type: String,
    public val name: String?,
    public val arguments: String,
    public val isComplete: Boolean,
) {
    /**
     * The arguments as valid JSON text even while they are still streaming: unfinished strings,
     * arrays and objects are closed and a dangling key dropped (see [completePartialJson]). `null`
     * when the text is not a JSON prefix at all. An empty text gives `{}`.
     */
    public fun argumentsJson(): String? = if (arguments.isBlank()) "{}" else completePartialJson(arguments)

    override fun equals(other: Any?): Boolean =
        other is LlmToolCall && other.index == index && other.id == id && other.itemId == itemId &&
            other.type == type && other.name == name && other.arguments == arguments && other.isComplete == isComplete

    override fun hashCode(): Int = ((index * 31 + (id?.hashCode() ?: 0)) * 31 + arguments.hashCode())

    override fun toString(): String =
        "LlmToolCall(index=$index, id=$id, name=$name, arguments=$arguments, complete=$isComplete" +
            (if (itemId != null) ", itemId=$itemId" else "") + ")"
}
