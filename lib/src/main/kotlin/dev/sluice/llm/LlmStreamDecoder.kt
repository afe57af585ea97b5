package dev.sluice.llm

import dev.sluice.internal.llm.ProtocolViolation
import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.isKeepAlive
import dev.sluice.internal.llm.WireJsonParser
import dev.sluice.internal.llm.isDoneMarker
import dev.sluice.internal.llm.tooDeep
import dev.sluice.internal.llm.provider.providerSpec
import dev.sluice.internal.secrets.Secrets
import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import kotlinx.serialization.json.JsonElement

/**
 * Decodes one LLM stream: push each wire event (an SSE event, or an NDJSON line for
 * [Provider.OLLAMA]) and get the neutral events it carried, which are also fed to [accumulator]
 * ([snapshot] gives the message so far). For callers without coroutines (OkHttp, a servlet);
 * Kotlin flows use `decodeLlm` in [LlmFlows], which drives one of these per collection.
 *
 * Keep-alives (`ping`, `keepalive` events, empty data) produce no events and are counted in
 * [keepAliveCount]. After the terminal event ([isTerminated]) further input is ignored, so
 * trailing bytes never matter.
 *
 * Errors, each carrying the partial result: an error the provider reports in the stream is an
 * [LlmStreamException]; an event that breaks the provider's format (not JSON, a known field of the
 * wrong type) is an [LlmProtocolException] unless [isLenient], which skips and counts it
 * ([LlmResult.skippedEvents]); [end] without the terminal event is an [LlmInterruptedException].
 * Unknown event types and fields are always tolerated (kept as [LlmEvent.Unknown] / in the raw
 * payload). Thread-safe: [snapshot] may be read from another thread while a thread feeds.
 *
 * @property provider the wire format.
 * @property isLenient whether events that break the format are skipped (and counted) instead of failing.
 * @property accumulator where the decoded events accumulate.
 */
public class LlmStreamDecoder @JvmOverloads constructor(
    public val provider: Provider,
    public val isLenient: Boolean = false,
    public val accumulator: LlmAccumulator = LlmAccumulator(provider),
) {
    private val codec: StreamCodec = providerSpec(provider).newCodec()
    private val wireJson = WireJsonParser()
    private var keepAlives = 0
    private var skipped = 0
    private var error: RuntimeException? = null
    private var lastOffset = -1L

    /**
     * When set (the LLM client does), [end] accepts a stream whose terminal event is missing but
     * whose every choice finished (some compatible servers drop `[DONE]`).
     */
    @get:JvmSynthetic @set:JvmSynthetic internal var acceptsFinishedWithoutTerminal: Boolean = false

    /** The call's credentials (the LLM client sets them): an error event that repeats one shows `[redacted]`. */
    @get:JvmSynthetic @set:JvmSynthetic internal var secrets: Secrets = Secrets.NONE

    /**
     * Whether the codec may decode the events it recognises without the JSON tree (the default);
     * tests turn it off to hold that path to the tree path.
     */
    @get:JvmSynthetic @set:JvmSynthetic internal var usesFastPath: Boolean = true

    /** Hears every event skipped in lenient mode, with why (the LLM client's metrics do). */
    @get:JvmSynthetic @set:JvmSynthetic internal var onSkipped: ((String) -> Unit)? = null

    private val finishedChoices = HashSet<Int>()
    private val seenChoices = HashSet<Int>()

    /** Keep-alive events skipped so far. */
    public val keepAliveCount: Int get() = synchronized(this) { keepAlives }

    /** Events skipped in lenient mode because they broke the provider's format. */
    public val skippedCount: Int get() = synchronized(this) { skipped }

    /** Whether the terminal event (or an error) has arrived: the stream is over. */
    public val isTerminated: Boolean get() = synchronized(this) { codec.isTerminated || error != null }

    /** Decodes one SSE event; returns the neutral events it carried (often one, sometimes none or several). */
    public fun feed(event: ServerSentEvent): List<LlmEvent> = feed(event.type, event.data, event.offset)

    /** Decodes one NDJSON line (Ollama native); blank lines are ignored. */
    public fun feedLine(line: String): List<LlmEvent> = feedLine(line, -1)

    /** As [feedLine], for a line that starts at byte [offset] of the body. */
    @JvmSynthetic internal fun feedLine(line: String, offset: Long): List<LlmEvent> =
        if (line.isBlank()) emptyList() else feed(null, line, offset)

    /** Decodes one already parsed NDJSON value (Ollama native). Kotlin only; Java uses [feedLine]. */
    @JvmSynthetic
    public fun feedJson(value: JsonElement): List<LlmEvent> = synchronized(this) {
        error?.let { throw it }
        if (codec.isTerminated) return emptyList()
        // The nesting limit a line obeys holds for a parsed value too (checked before rendering it).
        tooDeep(value)?.let { return violation(LlmRawEvent(null, "(a JSON value nested too deeply to show)"), it) }
        val raw = LlmRawEvent(null, value.toString())
        raw.json = value
        decode(raw)
    }

    /**
     * Marks the end of input and returns the events the end concluded (Gemini has no terminal
     * event: the body's end after a finish reason completes it).
     *
     * @throws LlmStreamException for an error the stream reported but never concluded (a
     *   Responses `error` event with no `response.failed` after it)
     * @throws LlmInterruptedException when the stream ended before its terminal event
     */
    public fun end(): List<LlmEvent> = synchronized(this) {
        error?.let { throw it }
        if (codec.isTerminated) return emptyList()
        val raw = LlmRawEvent(null, "")
        raw.offset = lastOffset
        val out = ArrayList<LlmEvent>(2)
        codec.onEnd(raw, out)
        accumulate(out)
        raiseFailure()
        if (codec.isTerminated) return out
        // Accepted, but not complete: the result says the terminal event never came.
        if (acceptsFinishedWithoutTerminal && seenChoices.isNotEmpty() && finishedChoices.containsAll(seenChoices)) return out
        val e = LlmInterruptedException(
            "${provider.id} stream ended before its terminal event (${terminalName()})",
            accumulator.snapshot(),
            null,
        )
        error = e
        throw e
    }

    /** The cursor of the last event decoded (Responses `sequence_number`), or `null`. */
    @get:JvmSynthetic internal val lastSequence: Long? get() = synchronized(this) { codec.lastSequence }

    /**
     * Accepts input again after [end] reported an interrupted stream, to go on decoding the same
     * answer from a resumed connection (a background response read again after its cursor).
     */
    @JvmSynthetic internal fun resume() = synchronized(this) {
        if (error is LlmInterruptedException) error = null
    }

    /** The message accumulated so far: final once [isTerminated]. A fresh immutable copy each call. */
    public fun snapshot(): LlmResult = accumulator.snapshot()

    private fun terminalName(): String = providerSpec(provider).terminalDescription

    private fun feed(type: String?, data: String, offset: Long): List<LlmEvent> = synchronized(this) {
        error?.let { throw it }
        if (codec.isTerminated) return emptyList()
        if (offset >= 0) lastOffset = offset
        if (isKeepAlive(type, data)) {
            keepAlives++
            return emptyList()
        }
        val raw = LlmRawEvent(type, data)
        raw.offset = offset
        if (!isDoneMarker(data)) {
            if (usesFastPath) {
                val out = ArrayList<LlmEvent>(2)
                val decoded = try {
                    codec.handleFast(raw, out)
                } catch (v: ProtocolViolation) {
                    return violation(raw, v.reason)
                }
                if (decoded) return delivered(out)
            }
            val parsed = wireJson.parse(data)
            if (parsed.tooDeep != null) return violation(raw, parsed.tooDeep)
            raw.json = parsed.json
        }
        if (isKeepAlive(raw.json)) {
            keepAlives++
            return emptyList()
        }
        if (codec.isReplay(raw, raw.json)) return emptyList()
        decode(raw)
    }

    private fun decode(raw: LlmRawEvent): List<LlmEvent> {
        val out = ArrayList<LlmEvent>(2)
        try {
            codec.handle(raw, raw.json, out)
        } catch (v: ProtocolViolation) {
            return violation(raw, v.reason)
        }
        return delivered(out)
    }

    private fun delivered(out: List<LlmEvent>): List<LlmEvent> {
        accumulate(out)
        raiseFailure()
        return out
    }

    private fun accumulate(out: List<LlmEvent>) {
        try {
            for (event in out) {
                accumulator.add(event)
                when (event) {
                    is LlmEvent.TextDelta -> seenChoices.add(event.choiceIndex)
                    is LlmEvent.Finished -> {
                        seenChoices.add(event.choiceIndex)
                        finishedChoices.add(event.choiceIndex)
                    }
                    else -> Unit
                }
            }
        } catch (e: LlmLimitExceededException) {
            error = e
            throw e
        }
    }

    private fun violation(raw: LlmRawEvent, reason: String): List<LlmEvent> {
        if (isLenient) {
            skipped++
            accumulator.skipped()
            onSkipped?.invoke("${raw.type ?: "event"} at byte ${raw.offset}: $reason")
            return emptyList()
        }
        // Scrubbed before the cut, so that a key straddling it is still recognised.
        val scrubbed = secrets.scrub(raw.data.take(400))
        val excerpt = if (scrubbed.length > 200 || raw.data.length > 400) scrubbed.take(200) + "..." else scrubbed
        val e = LlmProtocolException(provider, raw.type, raw.offset, excerpt, reason, accumulator.snapshot(), raw)
        error = e
        throw e
    }

    private fun raiseFailure() {
        val failure = codec.failure ?: return
        val e = LlmStreamException(
            provider, failure.type, failure.code, secrets.scrub(failure.message), failure.isRetryable, accumulator.snapshot(), failure.raw,
        )
        error = e
        throw e
    }

    override fun toString(): String = "LlmStreamDecoder(${provider.id}, terminated=$isTerminated)"
}
