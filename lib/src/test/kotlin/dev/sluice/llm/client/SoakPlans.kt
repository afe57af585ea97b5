package dev.sluice.llm.client

import dev.sluice.http.HttpTransportException
import dev.sluice.http.TimeoutLimit
import dev.sluice.llm.LlmHttpException
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.LlmTimeoutException
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.Fault
import dev.sluice.testkit.Script
import java.time.Instant
import kotlin.random.Random

/** How a soak stream must end when nobody cancels it. */
sealed class Expected {
    /** The server is asked this many times in all (retries included). */
    abstract val requests: Int

    /** Success with exactly [text]. */
    class Answer(val text: String, override val requests: Int) : Expected()

    /**
     * A failure of exactly class [type] after the consumer saw [partial] (a prefix of the script's
     * text), [requests] requests, the attempt count on the error; [check] returns a problem or null.
     */
    class Failure(
        val type: Class<out Throwable>,
        val partial: String,
        override val requests: Int,
        val check: (Throwable) -> String? = { null },
    ) : Expected()
}

/** What one soak stream is sent (a script per attempt; the last one repeats) and how it must end. */
class SoakPlan(val kind: FaultKind, val scripts: List<Script>, val expected: Expected) {
    /** The text the stream would show by its natural end: the answer, or the failure's partial. */
    val finalText: String get() = when (val e = expected) {
        is Expected.Answer -> e.text
        is Expected.Failure -> e.partial
    }

    /** The same plan with [delay] between tokens, so that a cancellation lands mid-answer. */
    fun paced(delay: kotlin.time.Duration): SoakPlan =
        SoakPlan(kind, scripts.map { it.toBuilder().tokenDelay(delay).build() }, expected)
}

/**
 * The faults of the soak, each with the outcome it implies for an [answer] of n >= 3 tokens;
 * `k` (the tokens sent before a mid-answer fault) is drawn from 1 until n. The retried ones
 * assume the client's retry policy allows 2 retries.
 */
enum class FaultKind {
    CLEAN {
        override fun plan(answer: Script, random: Random) = answered(answer, answer)
    },
    RATE_LIMITED_THEN_ANSWERED {
        override fun plan(answer: Script, random: Random): SoakPlan {
            val limited = Fault.HttpError(429).let {
                when (random.nextInt(3)) {
                    0 -> it.withRetryAfterSeconds(0)
                    1 -> it.withRetryAfterMillis(1 + random.nextLong(5))
                    else -> it.withRetryAfterDate(Instant.now().minusSeconds(5)) // a date in the past: no wait
                }
            }
            return answered(answer, faulted(answer, limited), answer)
        }
    },
    SERVER_ERROR_THEN_ANSWERED {
        override fun plan(answer: Script, random: Random): SoakPlan {
            val error = faulted(answer, Fault.HttpError(500))
            return answered(answer, *Array(1 + random.nextInt(2)) { error }, answer)
        }
    },
    SERVER_ERROR_THREE_TIMES {
        override fun plan(answer: Script, random: Random) =
            failed(answer, LlmHttpException::class.java, "", 3, faulted(answer, Fault.HttpError(500))) { e ->
                (e as LlmHttpException).status.takeIf { it != 500 }?.let { "status $it" }
            }
    },
    OVERLOADED_529_THEN_ANSWERED {
        override fun plan(answer: Script, random: Random) = answered(answer, faulted(answer, Fault.HttpError(529)), answer)
    },
    UNAUTHORIZED_401 {
        override fun plan(answer: Script, random: Random) =
            failed(answer, LlmHttpException::class.java, "", 1, faulted(answer, Fault.HttpError(401))) { e ->
                (e as LlmHttpException).status.takeIf { it != 401 }?.let { "status $it" }
            }
    },
    DROP_BEFORE_FIRST_BYTE {
        override fun plan(answer: Script, random: Random) = answered(answer, faulted(answer, Fault.DropBeforeResponse()), answer)
    },
    DROP_AFTER_HEADERS {
        override fun plan(answer: Script, random: Random) = answered(answer, faulted(answer, Fault.DropAfterHeaders()), answer)
    },
    DROP_BEFORE_FIRST_TOKEN {
        override fun plan(answer: Script, random: Random) = answered(answer, faulted(answer, Fault.DropConnection(0)), answer)
    },

    /** A connection dropped mid-answer: for the client, a chunked body cut short. */
    DROP_MID_ANSWER_TRUNCATED_BODY {
        override fun plan(answer: Script, random: Random) =
            failsAfter(answer, midPoint(answer, random), LlmInterruptedException::class.java, Fault::DropConnection) { e ->
                causeProblem(e, "chunked body ended without its terminating chunk")
            }
    },
    STALL_AFTER_TOKENS {
        override fun plan(answer: Script, random: Random) =
            failsAfter(answer, midPoint(answer, random), LlmTimeoutException::class.java, Fault::Hang) { e ->
                (e as LlmTimeoutException).limit.takeIf { it != TimeoutLimit.IDLE }?.let { "limit $it" }
            }
    },
    OVERLOADED_IN_STREAM_BEFORE_DELTAS {
        override fun supports(provider: Provider) = provider != Provider.OLLAMA

        override fun plan(answer: Script, random: Random) =
            answered(answer, faulted(answer, Fault.StreamError(0, "overloaded_error")), answer)
    },
    OVERLOADED_IN_STREAM_AFTER_DELTAS {
        override fun supports(provider: Provider) = provider != Provider.OLLAMA

        override fun plan(answer: Script, random: Random) =
            failsAfter(answer, midPoint(answer, random), LlmStreamException::class.java, { Fault.StreamError(it, "overloaded_error") }) { e ->
                "not marked retryable".takeIf { !(e as LlmStreamException).isRetryable }
            }
    },
    MALFORMED_CHUNK {
        override fun plan(answer: Script, random: Random) =
            failsAfter(answer, midPoint(answer, random), LlmInterruptedException::class.java, Fault::MalformedChunk) { e ->
                causeProblem(e, "malformed chunk header")
            }
    },
    GZIP {
        override fun plan(answer: Script, random: Random) = answered(answer, faulted(answer, Fault.Compressed("gzip")))
    },
    CLOSE_WITHOUT_TERMINAL_EVENT {
        // Up to every token: still no terminal event.
        override fun plan(answer: Script, random: Random) =
            failsAfter(answer, 1 + random.nextInt(answer.textTokens().size), LlmInterruptedException::class.java, Fault::EndWithoutTerminal) { e ->
                "message '${e.message}'".takeIf { e.message?.contains("ended before its terminal event") != true }
            }
    },
    DONE_THEN_HELD_OPEN {
        override fun supports(provider: Provider) = provider != Provider.GEMINI

        override fun plan(answer: Script, random: Random) = answered(answer, faulted(answer, Fault.HoldOpenAfterEnd()))
    };

    abstract fun plan(answer: Script, random: Random): SoakPlan

    /**
     * Whether the fault means the same for [provider]. Not for Ollama: an in-stream overloaded
     * error, since Ollama's error line is a bare message with no type to retry on. Not for Gemini:
     * a connection held open after the end, since Gemini has no terminal event (its stream ends
     * with the connection, so a held one ends at the idle timeout).
     */
    open fun supports(provider: Provider): Boolean = true

    protected fun answered(answer: Script, vararg scripts: Script) =
        SoakPlan(this, scripts.toList(), Expected.Answer(answer.text(), scripts.size))

    /** Fails after [k] tokens (what the consumer saw), with [type], asked once. */
    protected fun failsAfter(answer: Script, k: Int, type: Class<out Throwable>, fault: (Int) -> Fault, check: (Throwable) -> String?) =
        failed(answer, type, prefix(answer, k), 1, faulted(answer, fault(k)), check)

    protected fun failed(answer: Script, type: Class<out Throwable>, partial: String, requests: Int, script: Script, check: (Throwable) -> String?) =
        SoakPlan(this, listOf(script), Expected.Failure(type, partial, requests, check))
}

private fun faulted(answer: Script, fault: Fault): Script = answer.toBuilder().fault(fault).build()

private fun midPoint(answer: Script, random: Random): Int = 1 + random.nextInt(answer.textTokens().size - 1)

private fun prefix(answer: Script, tokens: Int): String = answer.textTokens().take(tokens).joinToString("")

/** A problem unless [e]'s cause is an [HttpTransportException] whose message contains [text]. */
private fun causeProblem(e: Throwable, text: String): String? {
    val cause = e.cause
    return if (cause is HttpTransportException && cause.message?.contains(text) == true) null else "cause $cause"
}
