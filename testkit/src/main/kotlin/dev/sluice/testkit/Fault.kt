package dev.sluice.testkit

import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.util.Locale

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
     * @property headers more response headers, sent as given (they replace the ones above and the
     *   `x-should-retry` the fake sends on Anthropic errors); see the `with*` methods.
     */
    public class HttpError @JvmOverloads constructor(
        public val status: Int,
        public val errorType: String? = null,
        public val message: String = "Fake server error (HTTP $status)",
        public val retryAfter: Duration? = null,
        public val headers: Map<String, String> = emptyMap(),
    ) : Fault() {
        init {
            require(status in 400..599) { "HTTP error status must be 400..599, was $status" }
            headers.forEach { (name, value) ->
                require(name.isNotEmpty() && value.none { it == '\r' || it == '\n' }) { "invalid header '$name: $value'" }
            }
        }

        /** A copy that also sends header [name] with [value] (replacing an earlier one of that name). */
        public fun withHeader(name: String, value: String): HttpError =
            HttpError(status, errorType, message, retryAfter, headers.filterKeys { !it.equals(name, ignoreCase = true) } + (name to value))

        /** A copy sending `Retry-After: <seconds>` alone. */
        public fun withRetryAfterSeconds(seconds: Long): HttpError = withHeader("Retry-After", seconds.toString())

        /** A copy sending `Retry-After` as an HTTP date (IMF-fixdate, whole seconds, GMT). */
        public fun withRetryAfterDate(date: Instant): HttpError =
            withHeader("Retry-After", HTTP_DATE.format(date.atOffset(ZoneOffset.UTC)))

        /** A copy sending `retry-after-ms: <millis>` alone. */
        public fun withRetryAfterMillis(millis: Long): HttpError = withHeader("retry-after-ms", millis.toString())

        /** A copy sending `x-should-retry: true` or `false`. */
        public fun withShouldRetry(shouldRetry: Boolean): HttpError = withHeader("x-should-retry", shouldRetry.toString())

        override fun toString(): String =
            "Fault.HttpError(status=$status, errorType=$errorType, message=$message, retryAfter=$retryAfter, headers=$headers)"
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
     * terminating chunk, no terminal event). The deltas sent are flushed, and the abort waits until
     * they have reached the client's socket (at most 2 s), so the client reliably receives them first.
     */
    public class DropConnection(public val afterTokens: Int) : Fault() {
        init {
            require(afterTokens >= 0) { "afterTokens must not be negative, was $afterTokens" }
        }

        override fun toString(): String = "Fault.DropConnection(afterTokens=$afterTokens)"
    }

    /**
     * Closes the connection as soon as the request arrived, before sending a single byte: no
     * status line, no headers (a proxy or server dying before it answered).
     */
    public class DropBeforeResponse : Fault() {
        override fun toString(): String = "Fault.DropBeforeResponse"
    }

    /**
     * Sends the 200 status line and headers, then aborts the connection before the first body
     * byte (no event, no terminating chunk).
     */
    public class DropAfterHeaders : Fault() {
        override fun toString(): String = "Fault.DropAfterHeaders"
    }

    /**
     * Sends [afterTokens] deltas, then nothing at all, until the client gives up and closes the
     * connection (then the stream ends and counts as a client disconnect) or the server closes.
     * The stalled server an idle or first-token timeout must protect against.
     */
    public class Hang(public val afterTokens: Int) : Fault() {
        init {
            require(afterTokens >= 0) { "afterTokens must not be negative, was $afterTokens" }
        }

        override fun toString(): String = "Fault.Hang(afterTokens=$afterTokens)"
    }

    /**
     * Sends the whole scripted body one byte at a time, flushing each and pausing [byteDelay]
     * between bytes, and completes normally: a slow proxy that never stalls for long. Pauses are
     * whole milliseconds, so a delay under one adds up over a few bytes first: 250 µs sends four
     * bytes (each flushed on its own) per millisecond. Stops as soon as the client closes the
     * connection.
     */
    public class Trickle(public val byteDelay: Duration) : Fault() {
        init {
            require(!byteDelay.isNegative) { "byte delay must not be negative, was $byteDelay" }
        }

        override fun toString(): String = "Fault.Trickle(byteDelay=$byteDelay)"
    }

    /**
     * Sends [afterTokens] deltas, then sends nothing for [duration], then goes on as scripted; a
     * client that closes the connection during the stall ends the stream at once.
     */
    public class Stall(public val afterTokens: Int, public val duration: Duration) : Fault() {
        init {
            require(afterTokens >= 0) { "afterTokens must not be negative, was $afterTokens" }
            require(!duration.isNegative) { "stall duration must not be negative, was $duration" }
        }

        override fun toString(): String = "Fault.Stall(afterTokens=$afterTokens, duration=$duration)"
    }

    /**
     * Waits [duration] before sending the status line and headers, then replies as scripted; stops
     * waiting (and sends nothing) when the client closes the connection.
     */
    public class DelayHeaders(public val duration: Duration) : Fault() {
        init {
            require(!duration.isNegative) { "delay must not be negative, was $duration" }
        }

        override fun toString(): String = "Fault.DelayHeaders(duration=$duration)"
    }

    /**
     * Sends [afterTokens] deltas as valid chunks, then a chunk header that is not hexadecimal
     * (`zz`) straight onto the client's socket, and closes the connection: a proxy that corrupts
     * the chunked framing. A client must fail, after delivering what came before.
     */
    public class MalformedChunk(public val afterTokens: Int) : Fault() {
        init {
            require(afterTokens >= 0) { "afterTokens must not be negative, was $afterTokens" }
        }

        override fun toString(): String = "Fault.MalformedChunk(afterTokens=$afterTokens)"
    }

    /**
     * Sends the whole stream compressed with `Content-Encoding: [encoding]`, each frame flushed
     * (sync flush) so it streams: `gzip` and `deflate` (zlib) are compressed for real; any other
     * name (`br`, `zstd`) labels an uncompressed body, for testing that a client refuses it.
     */
    public class Compressed @JvmOverloads constructor(public val encoding: String = "gzip") : Fault() {
        init {
            require(encoding.isNotBlank() && encoding.none { it == '\r' || it == '\n' }) { "invalid encoding '$encoding'" }
        }

        override fun toString(): String = "Fault.Compressed(encoding=$encoding)"
    }

    /**
     * Sends [afterTokens] deltas, then one event (one line for NDJSON formats) of about [bytes]
     * bytes, then goes on as scripted: what a client's event or line size limit must stop.
     */
    public class OversizedEvent(public val afterTokens: Int, public val bytes: Int) : Fault() {
        init {
            require(afterTokens >= 0) { "afterTokens must not be negative, was $afterTokens" }
            require(bytes > 0) { "bytes must be positive, was $bytes" }
        }

        override fun toString(): String = "Fault.OversizedEvent(afterTokens=$afterTokens, bytes=$bytes)"
    }

    /**
     * Sends [afterTokens] deltas, then the start of one more event that stops inside a UTF-8
     * sequence (the first two bytes of `€`), and ends the body properly: a body truncated inside
     * a character, with no terminal event.
     */
    public class TruncatedUtf8(public val afterTokens: Int) : Fault() {
        init {
            require(afterTokens >= 0) { "afterTokens must not be negative, was $afterTokens" }
        }

        override fun toString(): String = "Fault.TruncatedUtf8(afterTokens=$afterTokens)"
    }

    /**
     * Sends [afterTokens] deltas and ends the body properly (the terminating chunk), without the
     * closing events: a server that closes without its terminal event (`[DONE]`, `message_stop`...).
     */
    public class EndWithoutTerminal(public val afterTokens: Int) : Fault() {
        init {
            require(afterTokens >= 0) { "afterTokens must not be negative, was $afterTokens" }
        }

        override fun toString(): String = "Fault.EndWithoutTerminal(afterTokens=$afterTokens)"
    }

    /**
     * Sends the whole stream, terminal event included (`[DONE]`...), then keeps the connection
     * open without ending the body until the client closes it: a client must end at the terminal
     * event, not wait for the connection.
     */
    public class HoldOpenAfterEnd : Fault() {
        override fun toString(): String = "Fault.HoldOpenAfterEnd"
    }
}

/** IMF-fixdate, the preferred HTTP date format (RFC 9110): `Wed, 02 Jan 2030 03:04:05 GMT`. */
private val HTTP_DATE: DateTimeFormatter = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
