package dev.sluice.llm.client

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.Fault
import dev.sluice.testkit.Script
import dev.sluice.testkit.script

/**
 * What the fault suites ([LlmFaultMatrixTest], [LlmTimingFaultTest], [LlmEndingsFaultTest],
 * [LlmClientFailureTest]) share: the answer every row scripts, that answer with one fault, and one
 * call through a view against the fake server.
 */
internal object FaultRows {
    /** Five words, one delta each: rows that cut the answer short check which words came first. */
    val ANSWER: Script = script { text("one two three four five") }

    /** [ANSWER] with [fault]. */
    fun faulty(fault: Fault): Script = ANSWER.toBuilder().fault(fault).build()
}

/** Enqueues [scripts], then runs one call for [provider] through [view] with options set by [tune]; the client is closed after. */
internal fun FakeLlmServer.runView(view: LlmView, provider: Provider, vararg scripts: Script, tune: LlmClientOptions.() -> Unit = {}): ViewOutcome {
    enqueue(*scripts)
    return view.run(LlmClient(configFor(provider, this), LlmClientOptions().apply(tune)), requestFor())
}

/** What [view] saw of the answer before its error: the partial result if the view accumulates, else the deltas it delivered. */
internal fun ViewOutcome.seen(view: LlmView, partial: String): String = if (view.accumulates) partial else deliveredText
