package dev.sluice.internal.llm.openai

import dev.sluice.internal.llm.TextBuffer
import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.int
import dev.sluice.internal.llm.nonEmpty
import kotlinx.serialization.json.JsonObject

/** One Chat Completions choice being accumulated. */
internal class ChatChoiceState(val index: Int) {
    var role: String? = null
    val content = TextBuffer()
    val refusal = TextBuffer()
    val reasoning = TextBuffer()
    var finishReason: String? = null

    /** In arrival order; rendered ordered by index. */
    val tools = ArrayList<ToolCallState>()

    fun sortedTools(): List<ToolCallState> = tools.sortedBy { it.index }

    /**
     * Finds the tool call a `tool_calls[]` delta continues, or creates it, tolerating what
     * compatible servers send: no `index` (matched by `id`, else by position when several arrive
     * together, else the latest call continues), and an `index` reused for a new call with a
     * different `id`.
     */
    fun toolFor(delta: JsonObject, position: Int, count: Int): ToolCallState {
        val index = delta.int("index")
        val id = delta.nonEmpty("id")
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

    private fun nextIndex(): Int = (tools.maxOfOrNull { it.index } ?: -1) + 1

    private fun add(index: Int): ToolCallState = ToolCallState(this.index, index).also { tools.add(it) }
}
