package dev.sluice.internal.llm.provider.openai

import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.intField
import dev.sluice.internal.llm.nonEmptyField
import kotlinx.serialization.json.JsonObject

/**
 * The tool calls of one Chat Completions choice, for matching fragments to calls (arguments are
 * held only until the call completes). Tolerates what compatible servers send: no `index`
 * (matched by `id`, else by position when several arrive together, else the latest call
 * continues), and an `index` reused for a new call with a different `id`.
 */
internal class ChatToolTracker(val choiceIndex: Int) {
    /** In arrival order. */
    val tools = ArrayList<ToolCallState>()

    fun sorted(): List<ToolCallState> = tools.sortedBy { it.index }

    fun toolFor(delta: JsonObject, position: Int, count: Int): ToolCallState {
        val index = delta.intField("index")
        val id = delta.nonEmptyField("id")
        if (index != null) {
            val existing = tools.lastOrNull { it.index == index }
            return when {
                existing == null -> add(index)
                id != null && existing.id != null && existing.id != id -> add(nextIndex())
                else -> existing
            }
        }
        if (id != null) return tools.firstOrNull { it.id == id } ?: add(nextIndex())
        if (count > 1) return tools.firstOrNull { it.index == position } ?: add(position)
        return tools.lastOrNull() ?: add(0)
    }

    /** The call a legacy `function_call` delta continues: the only one there is. */
    fun legacyCall(): ToolCallState = tools.firstOrNull() ?: add(0)

    private fun nextIndex(): Int = (tools.maxOfOrNull { it.index } ?: -1) + 1

    private fun add(index: Int): ToolCallState = ToolCallState(choiceIndex, index).also { tools.add(it) }
}
