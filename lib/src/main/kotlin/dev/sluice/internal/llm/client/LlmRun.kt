package dev.sluice.internal.llm.client

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.request.ChatRequest
import dev.sluice.metrics.MetricsListener
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * One call for the Java blocking view: its [events] flow (collect it once), the final message
 * once that flow has completed ([result]), and the live accumulated message at any time
 * ([snapshot]).
 */
public class LlmRun(client: LlmClient, request: ChatRequest, metrics: MetricsListener?) {
    private val exchange = LlmExchange(client, request, metrics, accumulate = true)

    @Volatile
    private var final: LlmResult? = null

    /** The call's events; the call is sent when this is collected. */
    public val events: Flow<LlmEvent> = flow { final = exchange.run { emit(it) } }

    /** The final message with its metrics, or `null` until [events] completed normally. */
    public fun result(): LlmResult? = final

    /** The message accumulated so far (empty before the first event). */
    public fun snapshot(): LlmResult = final ?: exchange.snapshot()
}
