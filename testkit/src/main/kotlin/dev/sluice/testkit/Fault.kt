package dev.sluice.testkit

import java.time.Duration

/**
 * Something going wrong on purpose, attached to a [Script] with [ScriptBuilder.fault].
 *
 * Faults that act "after N tokens" count content deltas: text tokens, reasoning tokens and
 * tool-call argument fragments, in the order the script sends them. Structural events (stream
 * start, block start/stop) do not count. When N is at least the number of deltas, the fault
 * acts just before the stream's closing events (finish chunk, `message_delta`, `response.completed`,
 * the `done` line).
 */
public sealed class Fault {
    /**
     * Replies with HTTP [status] and the provider's own error body instead of a stream:
     * OpenAI `{"error": {"message", "type", "param", "code"}}`, Anthropic
     * `{"type": "error", "error": {"type", "message"}}`, Ollama `{"error": "message"}`.
     *
     * @property errorType the provider error type; `null` picks one from the status
     *   (`rate_limit_error` / `rate_limit_exceeded` for 429, `overloaded_error` for 529, ...).
     * @property retryAfter sent as `retry-after` (whole seconds) and `retry-after-ms` when not `null`.
     */
    public class HttpError @JvmOverloads constructor(
        public val status: Int,
        public val errorType: String? = null,
        public val message: String = "Fake server error (HTTP $status)",
        public val retryAfter: Duration? = null,
    ) : Fault() {
        init {
            require(status in 400..599) { "HTTP error status must be 400..599, was $status" }
        }

        override fun toString(): String = "Fault.HttpError(status=$status, errorType=$errorType, message=$message, retryAfter=$retryAfter)"
    }

    /**
     * Sends [afterTokens] deltas, then the provider's in-stream error and ends the stream:
     * Chat Completions `data: {"error": {...}}` (no `[DONE]`), Anthropic `event: error`,
     * Responses `error` followed by `response.failed`, Ollama `{"error": "..."}`.
     *
     * @property errorType `null` picks `server_error` (OpenAI) or `overloaded_error` (Anthropic).
     */
    public class StreamError @JvmOverloads constructor(
        public val afterTokens: Int,
        public val errorType: String? = null,
        public val message: String = "Fake in-stream error",
    ) : Fault() {
        init {
            require(afterTokens >= 0) { "afterTokens must not be negative, was $afterTokens" }
        }

        override fun toString(): String = "Fault.StreamError(afterTokens=$afterTokens, errorType=$errorType, message=$message)"
    }

    /**
     * Sends [afterTokens] deltas, then aborts the connection without ending the HTTP body (no
     * terminating chunk, no terminal event). The deltas sent are flushed and given 150 ms to
     * reach the socket before the abort, so the client reliably receives them first.
     */
    public class DropConnection(public val afterTokens: Int) : Fault() {
        init {
            require(afterTokens >= 0) { "afterTokens must not be negative, was $afterTokens" }
        }

        override fun toString(): String = "Fault.DropConnection(afterTokens=$afterTokens)"
    }

    /** Sends [afterTokens] deltas, then sends nothing for [duration], then goes on as scripted. */
    public class Stall(public val afterTokens: Int, public val duration: Duration) : Fault() {
        init {
            require(afterTokens >= 0) { "afterTokens must not be negative, was $afterTokens" }
            require(!duration.isNegative) { "stall duration must not be negative, was $duration" }
        }

        override fun toString(): String = "Fault.Stall(afterTokens=$afterTokens, duration=$duration)"
    }

    /** Waits [duration] before sending the status line and headers, then replies as scripted. */
    public class DelayHeaders(public val duration: Duration) : Fault() {
        init {
            require(!duration.isNegative) { "delay must not be negative, was $duration" }
        }

        override fun toString(): String = "Fault.DelayHeaders(duration=$duration)"
    }
}
