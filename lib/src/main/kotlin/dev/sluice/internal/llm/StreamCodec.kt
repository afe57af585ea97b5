package dev.sluice.internal.llm

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonElement

/**
 * One provider's stream decoding: wire events in, neutral events out. A codec only translates; it
 * keeps the little state translation needs (ids, which tool call a fragment continues), never the
 * answer itself: accumulation is [dev.sluice.llm.LlmAccumulator]'s job. Keep-alives never reach
 * it. Not thread-safe.
 *
 * A payload that breaks the provider's format (data that is not JSON where JSON is due, a known
 * field of the wrong type) is reported by throwing [ProtocolViolation] before anything of that
 * event is emitted.
 */
internal abstract class StreamCodec {
    /** Set when the terminal event arrived; the decoder then ignores the rest of the stream. */
    var isTerminated: Boolean = false
        private set

    /** Set when the stream reported an error that ends it; the decoder raises it with the partial result. */
    var failure: StreamError? = null
        private set

    private var started = false

    /** The first non-empty response id seen, for [LlmEvent.StreamStarted]. */
    protected var id: String? = null

    /** The first non-empty model seen, for [LlmEvent.StreamStarted]. */
    protected var model: String? = null

    /**
     * Whether [raw] repeats an event already decoded (a resumed stream replaying what came before
     * its cursor): the decoder then drops it. Codecs without a cursor never see replays.
     */
    open fun isReplay(raw: LlmRawEvent, json: JsonElement?): Boolean = false

    /** The cursor of the last event decoded (Responses `sequence_number`), or `null` when the provider has none. */
    open val lastSequence: Long? get() = null

    /** Handles one wire event; [json] is its parsed data (`null` when it is not JSON, e.g. `[DONE]`). */
    protected abstract fun decode(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>)

    /**
     * Decodes one wire event. Every event yields at least one neutral event: one with no neutral
     * meaning is passed on as [LlmEvent.ProviderEvent], so consumers and the accumulator see it.
     */
    fun handle(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>) {
        guarded(raw, out) { decode(raw, json, out); true }
    }

    /**
     * Decodes [raw] without its JSON tree when [decodeFast] recognises its data; `false`, with
     * nothing changed or emitted, when the event must take [handle]. Called only for data that is
     * neither `[DONE]` nor a keep-alive by type, before any parse.
     */
    fun handleFast(raw: LlmRawEvent, out: MutableList<LlmEvent>): Boolean = guarded(raw, out) { decodeFast(raw, out) }

    /**
     * The tree-free path: decodes [raw] straight from its data and returns `true`, or returns
     * `false` having changed nothing. It may only recognise data that is strict JSON, that is no
     * keep-alive object and no replay, and it must emit exactly what [decode] would for the tree
     * of that data; whatever it is unsure of it leaves to [decode]. A codec that reads the data
     * this way marks the raw event's tree as parsed on demand ([LlmRawEvent.parseJsonLazily]).
     */
    protected open fun decodeFast(raw: LlmRawEvent, out: MutableList<LlmEvent>): Boolean = false

    private inline fun guarded(raw: LlmRawEvent, out: MutableList<LlmEvent>, body: () -> Boolean): Boolean {
        val startedBefore = started
        val idBefore = id
        val modelBefore = model
        try {
            if (!body()) return false
        } catch (v: ProtocolViolation) {
            // The event is refused (or skipped, leniently) with everything it emitted: it must not
            // have started the stream, or the next event would lack its StreamStarted.
            started = startedBefore
            id = idBefore
            model = modelBefore
            throw v
        }
        // A failing event too: the accumulator then sees it (the failed response's final status).
        if (out.isEmpty()) passOn(raw, out)
        return true
    }

    /**
     * End of input without a terminal event. May emit the events a body's end concludes (Gemini
     * has no terminal event) or set [failure] (an error reported but never concluded).
     */
    open fun onEnd(raw: LlmRawEvent, out: MutableList<LlmEvent>) {}

    protected fun noteId(value: String?) {
        if (id == null && !value.isNullOrEmpty()) id = value
    }

    protected fun noteModel(value: String?) {
        if (model == null && !value.isNullOrEmpty()) model = value
    }

    /** Emits [LlmEvent.StreamStarted] once, before any other neutral event. */
    protected fun ensureStarted(raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        if (started) return
        started = true
        out.add(LlmEvent.StreamStarted(id, model, raw))
    }

    /** The terminal event: emits [LlmEvent.StreamCompleted] and ignores the rest of the stream. */
    protected fun complete(raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        ensureStarted(raw, out)
        out.add(LlmEvent.StreamCompleted(raw))
        isTerminated = true
    }

    protected fun fail(error: StreamError) {
        failure = error
        isTerminated = true
    }

    /** A wire event with no neutral meaning, passed on so consumers and the accumulator see it. */
    protected fun passOn(raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        ensureStarted(raw, out)
        out.add(LlmEvent.ProviderEvent(raw))
    }
}

/** A payload that breaks the provider's format; [reason] says what and where in the payload. */
internal class ProtocolViolation(val reason: String) : RuntimeException(reason, null, false, false)
