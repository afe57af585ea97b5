package dev.sluice.internal.testkit

/** One piece of a scripted reply: a content block / output item / run of deltas. */
internal sealed class ScriptPart {
    abstract val deltaCount: Int

    class Text(val tokens: List<String>) : ScriptPart() {
        override val deltaCount: Int get() = tokens.size
    }

    class Reasoning(val tokens: List<String>, val signature: String?) : ScriptPart() {
        override val deltaCount: Int get() = tokens.size
    }

    class ToolCall(val id: String, val name: String, val fragments: List<String>) : ScriptPart() {
        override val deltaCount: Int get() = fragments.size
        val arguments: String get() = fragments.joinToString("")
    }
}
