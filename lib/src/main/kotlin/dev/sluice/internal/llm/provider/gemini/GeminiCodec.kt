package dev.sluice.internal.llm.provider.gemini

import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.StreamError
import dev.sluice.internal.llm.requireObject
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import java.util.TreeMap

/**
 * Gemini `streamGenerateContent?alt=sse` chunks: `data:` events, each a `GenerateContentResponse`.
 *
 * - Text parts are text deltas, `thought: true` parts reasoning deltas.
 * - The first `thoughtSignature` of a candidate is its [LlmEvent.ReasoningSignature] (Gemini puts
 *   the signature a turn needs on its first function call part, or its first part); every part's
 *   signature stays in the raw chunks, and the renderer puts each back on its part.
 * - A `functionCall` with whole `args` is a call started, one arguments delta (the compact JSON
 *   text) and completed at once. A streamed call (`willContinue: true`, then `partialArgs` pieces)
 *   gets its arguments text written piece by piece by a [PartialArgsWriter] and completes with the
 *   part whose `willContinue` is false or absent, or with its candidate's finish reason.
 * - `finishReason` is [LlmEvent.Finished]; `usageMetadata` is [LlmEvent.Usage].
 * - `{"error": {...}}` fails the stream, as does `promptFeedback.blockReason` with no candidates.
 *
 * Gemini has no terminal event: [onEnd] completes the stream when every candidate seen has a
 * finish reason, and leaves it unterminated (interrupted) otherwise.
 */
internal class GeminiCodec : StreamCodec() {
    /** Per candidate: the call cursor, the open streamed call, whether it called functions or finished. */
    private class Candidate(val index: Int) {
        val cursor = CallCursor()
        var open: OpenCall? = null
        var calledFunctions = false
        var finished = false
        var signed = false
    }

    /** A streamed call whose `willContinue` pieces are still arriving. */
    private class OpenCall(val index: Int, val id: String?, var name: String?) {
        val writer = PartialArgsWriter()
    }

    private val candidates = TreeMap<Int, Candidate>()

    override fun decode(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>) {
        val chunk = parseChunk(requireObject(raw, json))
        chunk.error?.let {
            fail(geminiStreamError(it, raw))
            return
        }
        if (!chunk.isKnown) {
            out.add(LlmEvent.Unknown(raw))
            return
        }
        noteId(chunk.responseId)
        noteModel(chunk.modelVersion)
        ensureStarted(raw, out)
        for (c in chunk.candidates) onCandidate(c, raw, out)
        chunk.usage?.let { out.add(LlmEvent.Usage(it, raw)) }
        if (chunk.candidates.isEmpty() && chunk.blockReason != null) {
            fail(StreamError("prompt_blocked", chunk.blockReason, "the prompt was blocked (${chunk.blockReason})", raw))
            return
        }
        if (out.isEmpty()) passOn(raw, out)
    }

    override fun onEnd(raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        if (candidates.isNotEmpty() && candidates.values.all { it.finished }) complete(raw, out)
    }

    private fun onCandidate(c: GeminiCandidate, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val state = candidates.getOrPut(c.index) { Candidate(c.index) }
        for (part in c.parts) {
            val call = part.call
            val text = part.text
            when {
                call != null -> onCall(state, call, raw, out)
                text.isNullOrEmpty() -> Unit
                part.thought -> out.add(LlmEvent.ReasoningDelta(c.index, text, raw))
                else -> out.add(LlmEvent.TextDelta(c.index, text, raw))
            }
            val signature = part.signature
            if (signature != null && !state.signed) {
                state.signed = true
                out.add(LlmEvent.ReasoningSignature(c.index, signature, raw))
            }
        }
        val reason = c.finishReason ?: return
        state.open?.let { finishCall(state, it, raw, out) }
        state.cursor.close()
        state.finished = true
        out.add(LlmEvent.Finished(c.index, reason, geminiFinishReason(reason, state.calledFunctions), raw))
    }

    private fun onCall(state: Candidate, call: GeminiCallPart, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        if (state.cursor.advance(call)) {
            state.open?.let { finishCall(state, it, raw, out) }
            state.calledFunctions = true
            val index = state.cursor.count - 1
            out.add(LlmEvent.ToolCallStarted(state.index, index, call.id, call.name, raw))
            if (!call.willContinue && call.partials.isEmpty()) {
                val args = (call.args ?: JsonObject(emptyMap())).toString()
                out.add(LlmEvent.ToolCallArgumentsDelta(state.index, index, args, raw))
                out.add(LlmEvent.ToolCallCompleted(state.index, index, call.id, call.name, args, raw))
                return
            }
            state.open = OpenCall(index, call.id, call.name)
        }
        val open = state.open ?: return
        if (open.name == null) open.name = call.name
        call.args?.forEach { (key, value) ->
            delta(state, open, open.writer.putValue(listOf(PathStep.Key(key)), value.toString()), raw, out)
        }
        for (p in call.partials) {
            val piece = if (p.string != null) {
                open.writer.putString(p.path, p.string, p.willContinue)
            } else {
                open.writer.putValue(p.path, p.literal!!)
            }
            delta(state, open, piece, raw, out)
        }
        if (!call.willContinue) finishCall(state, open, raw, out)
    }

    private fun finishCall(state: Candidate, open: OpenCall, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        delta(state, open, open.writer.finish(), raw, out)
        out.add(LlmEvent.ToolCallCompleted(state.index, open.index, open.id, open.name, open.writer.arguments, raw))
        state.open = null
    }

    private fun delta(state: Candidate, open: OpenCall, piece: String, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        if (piece.isNotEmpty()) out.add(LlmEvent.ToolCallArgumentsDelta(state.index, open.index, piece, raw))
    }
}

/** Gemini's error object (`{"code": 503, "message", "status": "UNAVAILABLE"}`) as a stream error. */
internal fun geminiStreamError(error: JsonObject, raw: LlmRawEvent?): StreamError {
    val parsed = geminiError(error)
    return StreamError(parsed.type ?: "error", parsed.code, parsed.message ?: error.toString(), raw)
}
