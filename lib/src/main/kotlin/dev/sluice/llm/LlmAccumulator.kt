package dev.sluice.llm

import dev.sluice.internal.llm.accumulate.AccumulatorState
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.accumulate.applyEvent
import dev.sluice.internal.llm.accumulate.toResult
import dev.sluice.internal.llm.provider.providerSpec
import dev.sluice.llm.request.Provider

/**
 * Builds the final message from neutral events: feed each event of one stream to [add], read
 * [snapshot] at any time, and [result] once the stream completed. The one accumulator behind every
 * view: `LlmClient.complete`, the blocking view's `result()`, futures, and a Java `Publisher` or
 * callback subscriber that wants the message too:
 *
 * ```java
 * LlmAccumulator acc = new LlmAccumulator(Provider.OPENAI_CHAT);
 * llm.events(request).subscribe(event -> { acc.add(event); render(event); });
 * // after completion: acc.result() equals what llm.complete(request) returns
 * ```
 *
 * Texts, reasoning, refusals and tool arguments are joined from their deltas with builders
 * (linear time), so the joined text deltas equal the final text by construction. The provider's
 * own JSON ([LlmResult.toProviderJson]) is rendered from this neutral state plus the few raw
 * fields only the provider has (block order, citations, `created`...), read from the events' raw
 * payloads. Thread-safe: one thread adds while others take snapshots.
 *
 * @property provider the provider whose events are fed (it decides the shape of the provider JSON).
 * @property maxAccumulatedChars the most characters (text, reasoning, refusal, signatures and tool
 *   arguments together) kept; one more fails [add] with [LlmLimitExceededException], carrying the
 *   result so far. Default 64 Mi characters.
 */
public class LlmAccumulator internal constructor(
    public val provider: Provider,
    public val maxAccumulatedChars: Int,
    keepsContent: Boolean,
) {
    /** An accumulator for [provider] keeping at most [maxAccumulatedChars] characters. */
    @JvmOverloads
    public constructor(provider: Provider, maxAccumulatedChars: Int = 64 * 1024 * 1024) :
        this(provider, maxAccumulatedChars, keepsContent = true)

    private val state = AccumulatorState(keepsContent)
    private val renderer: ResultRenderer = providerSpec(provider).newRenderer()
    private var lastRaw: LlmRawEvent? = null
    private var chars = 0L

    init {
        require(maxAccumulatedChars > 0) { "maxAccumulatedChars must be positive, was $maxAccumulatedChars" }
    }

    /** Whether [LlmEvent.StreamCompleted] was added: [result] is available. */
    public val isComplete: Boolean get() = synchronized(this) { state.isComplete }

    /**
     * Adds one event of the stream, in order; returns it (so `events.map(acc::add)` reads well).
     *
     * @throws LlmLimitExceededException when the accumulated characters pass [maxAccumulatedChars];
     *   the event is not applied, and the accumulator keeps what it had
     */
    public fun add(event: LlmEvent): LlmEvent = synchronized(this) {
        val grows = if (state.keepsContent) sizeOf(event) else 0
        if (grows > 0 && chars + grows > maxAccumulatedChars) {
            throw LlmLimitExceededException(maxAccumulatedChars, chars + grows, event.raw.offset, snapshotLocked())
        }
        chars += grows
        if (event.raw !== lastRaw) {
            lastRaw = event.raw
            renderer.onRaw(event.raw, state)
        }
        applyEvent(state, event)
        renderer.onEvent(event, state)
        event
    }

    /** The message so far (incomplete until [LlmEvent.StreamCompleted]); a fresh immutable copy. */
    public fun snapshot(): LlmResult = synchronized(this) { snapshotLocked() }

    /**
     * The final message.
     *
     * @throws IllegalStateException when the stream's [LlmEvent.StreamCompleted] was not added
     *   (use [snapshot] for a partial result)
     */
    public fun result(): LlmResult = synchronized(this) {
        check(state.isComplete) { "the ${provider.id} stream has not completed: no StreamCompleted event was added (snapshot() gives the partial result)" }
        snapshotLocked()
    }

    /** Counts an event the lenient decoder skipped. */
    @JvmSynthetic internal fun skipped() = synchronized(this) { state.skippedEvents++ }

    private fun snapshotLocked(): LlmResult = toResult(provider, state, renderer)

    private fun sizeOf(event: LlmEvent): Long = when (event) {
        is LlmEvent.TextDelta -> event.text.length.toLong()
        is LlmEvent.ReasoningDelta -> event.text.length.toLong()
        is LlmEvent.RefusalDelta -> event.text.length.toLong()
        is LlmEvent.ReasoningSignature -> event.signature.length.toLong()
        is LlmEvent.ToolCallArgumentsDelta -> event.delta.length.toLong()
        // The completed call's arguments replace the joined deltas (a provider may send them only
        // whole, with the completion): what they add counts too.
        is LlmEvent.ToolCallCompleted -> {
            val joined = state.choices[event.choiceIndex]?.tools?.get(event.index)?.arguments?.length ?: 0
            maxOf(0, event.arguments.length - joined).toLong()
        }
        else -> 0
    }

    override fun toString(): String = "LlmAccumulator(${provider.id}, chars=$chars, complete=${state.isComplete})"
}
