package dev.sluice.internal.llm

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmRawEvent

/**
 * A tool call a codec is translating: its arguments are held until it completes (the completed
 * event reports them whole), start/complete are announced once.
 */
internal class ToolCallState(val choiceIndex: Int, val index: Int) {
    var id: String? = null
    var itemId: String? = null
    var type: String? = null
    var name: String? = null
    val arguments = StringBuilder()
    var isStarted = false
        private set
    var isComplete = false
        private set

    fun start(raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        if (isStarted) return
        isStarted = true
        out.add(LlmEvent.ToolCallStarted(choiceIndex, index, id, name, raw))
    }

    fun appendArguments(delta: String, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        if (delta.isEmpty()) return
        arguments.append(delta)
        out.add(LlmEvent.ToolCallArgumentsDelta(choiceIndex, index, delta, raw))
    }

    /** Marks the call complete; [finalArguments] is what the completed event reports. */
    fun complete(raw: LlmRawEvent, out: MutableList<LlmEvent>, finalArguments: String = arguments.toString()) {
        if (isComplete) return
        start(raw, out)
        isComplete = true
        out.add(LlmEvent.ToolCallCompleted(choiceIndex, index, id, name, finalArguments, raw))
        // The accumulator has them now; the codec keeps nothing of a finished call.
        arguments.setLength(0)
        arguments.trimToSize()
    }
}
