package dev.sluice.llm

import dev.sluice.internal.secrets.Redaction
import dev.sluice.llm.request.Provider

/**
 * A wire event broke the provider's format: its data is not valid JSON (or nested too deeply to
 * read), or a field the codec knows has the wrong type (`"content": 5`, `"arguments": 123`).
 * Raised in the default strict mode instead of dropping the event, with everything accumulated
 * before it; in lenient mode such events are skipped and counted ([LlmResult.skippedEvents]).
 * [errorType] is `protocol_error`; never retryable.
 *
 * @property eventType the wire event's SSE type (`null` for an NDJSON line).
 * @property offset the stream offset of the event's first byte, or -1 when unknown (events fed
 *   by hand).
 * @property excerpt the start of the event's data (at most 200 characters), credentials redacted.
 * @property reason what was wrong, e.g. `field 'content' should be a string, was 5`.
 */
public class LlmProtocolException internal constructor(
    provider: Provider,
    public val eventType: String?,
    public val offset: Long,
    excerpt: String,
    public val reason: String,
    partial: LlmResult,
    rawEvent: LlmRawEvent,
) : LlmStreamException(
    provider, "protocol_error", null, reason, false, partial, rawEvent,
    "${provider.id} stream broke its format: $reason, in " +
        (if (eventType != null) "event '$eventType' " else "line ") +
        (if (offset >= 0) "at byte offset $offset " else "") + "(data: $excerpt)",
) {
    public val excerpt: String = Redaction.text(excerpt)
}
