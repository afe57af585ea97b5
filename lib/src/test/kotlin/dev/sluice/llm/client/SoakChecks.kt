package dev.sluice.llm.client

import dev.sluice.SluiceException
import dev.sluice.llm.LlmEventKind
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmStreamException
import kotlinx.coroutines.CancellationException

/** How a soak stream ended, when it ended as it should. */
enum class Ending { ANSWERED, FAILED_AS_EXPECTED, CANCELLED }

/** A soak stream's ending, or the problem that makes it wrong. */
class Verdict private constructor(val ending: Ending?, val problem: String?) {
    companion object {
        fun ok(ending: Ending) = Verdict(ending, null)
        fun wrong(problem: String) = Verdict(null, problem)
    }
}

/**
 * Judges one soak stream: [outcome] as seen through [view] for [plan], cancelled at [cancel] (if
 * any), after the server was asked [requests] times. Without a cancellation the ending must be
 * exactly the plan's: the whole answer, or a failure of the expected class whose partial text (the
 * delivered deltas, or the accumulated partial) is the expected prefix of the answer, with the
 * attempt count. A cancelled stream must have seen a prefix of what the plan would have shown.
 * Never: a start delivered twice, more requests than the plan allows, two `onComplete`s.
 */
fun judge(view: LlmView, plan: SoakPlan, cancel: CancelAt?, outcome: SoakOutcome, requests: Int): Verdict {
    val e = outcome.error
    val seen = when {
        view != LlmView.FUTURE -> outcome.deliveredText
        else -> outcome.result?.text ?: partialOf(e) ?: ""
    }
    val starts = outcome.events.count { it.kind == LlmEventKind.STREAM_STARTED }
    val expected = plan.expected
    fun wrong(problem: String) = Verdict.wrong("$problem (saw '$seen', error $e)")
    when {
        starts > 1 -> return wrong("the start was delivered $starts times")
        outcome.completions.get() > 1 -> return wrong("onComplete heard ${outcome.completions.get()} times")
        requests > expected.requests -> return wrong("the server was asked $requests times, at most ${expected.requests} expected")
        !plan.finalText.startsWith(seen) -> return wrong("not a prefix of '${plan.finalText}': output lost or duplicated")
    }
    if (e is CancellationException) {
        return if (cancel == null) wrong("cancelled, yet nobody cancelled it") else Verdict.ok(Ending.CANCELLED)
    }
    // A flow stopped by take(n) ends normally, before the failure or the answer's end.
    val taken = view == LlmView.FLOW && cancel != null && !cancel.fromAnotherThread
    if (taken && e == null && (expected is Expected.Failure || seen != plan.finalText)) return Verdict.ok(Ending.CANCELLED)
    if (outcome.completions.get() != 1) return wrong("onComplete heard ${outcome.completions.get()} times by the end")
    if (requests != expected.requests) return wrong("the server was asked $requests times, ${expected.requests} expected")
    return when (expected) {
        is Expected.Answer -> when {
            e != null -> wrong("failed, expected the answer")
            seen != expected.text -> wrong("expected '${expected.text}'")
            view != LlmView.FUTURE && starts != 1 -> wrong("the start was delivered $starts times")
            outcome.result != null && outcome.result.text != expected.text -> wrong("result text '${outcome.result.text}'")
            outcome.result != null && outcome.result.metrics?.retries != requests - 1 ->
                wrong("metrics count ${outcome.result.metrics?.retries} retries, expected ${requests - 1}")
            else -> Verdict.ok(Ending.ANSWERED)
        }
        is Expected.Failure -> when {
            e == null -> wrong("ended normally, expected ${expected.type.simpleName}")
            e.javaClass != expected.type -> wrong("expected ${expected.type.simpleName}")
            seen != expected.partial -> wrong("expected '${expected.partial}' before the failure")
            view == LlmView.BLOCKING && partialOf(e).let { it != null && it != seen } -> wrong("its partial is '${partialOf(e)}'")
            (e as? SluiceException)?.attempts != requests -> wrong("attempts ${(e as? SluiceException)?.attempts}, requests $requests")
            else -> expected.check(e)?.let { wrong(it) } ?: Verdict.ok(Ending.FAILED_AS_EXPECTED)
        }
    }
}

/** The partial text an LLM error carries (accumulating views hold the text there), or null. */
private fun partialOf(e: Throwable?): String? =
    (e as? LlmInterruptedException)?.partial?.text ?: (e as? LlmStreamException)?.partial?.text
