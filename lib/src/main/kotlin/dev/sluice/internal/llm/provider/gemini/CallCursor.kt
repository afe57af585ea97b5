package dev.sluice.internal.llm.provider.gemini

/**
 * Which function call of one candidate a `functionCall` part belongs to: the rule the codec and
 * the renderer share, so both count calls alike. A part continues the open call (the previous
 * part of that call said `willContinue: true`) unless it names another function or another id;
 * any other part starts a new call. A finish reason closes the open call.
 */
internal class CallCursor {
    /** Calls started so far; the latest has index `count - 1`. */
    var count: Int = 0
        private set

    var isOpen: Boolean = false
        private set

    private var name: String? = null
    private var id: String? = null

    /** Whether [call] starts a new call (else it continues the open one); moves the cursor past it. */
    fun advance(call: GeminiCallPart): Boolean {
        val continues = isOpen && (call.name == null || name == null || call.name == name) &&
            (call.id == null || id == null || call.id == id)
        if (!continues) {
            count++
            name = call.name
            id = call.id
        } else {
            if (name == null) name = call.name
            if (id == null) id = call.id
        }
        isOpen = call.willContinue
        return !continues
    }

    fun close() {
        isOpen = false
    }
}
