package dev.sluice.http

import dev.sluice.SluiceException

/**
 * An SSE stream that reconnects by itself gave up: [attempts] reconnection attempts in a row
 * delivered no event. [cause] is the last attempt's failure. Every event before it was delivered.
 *
 * @property lastEventId the last event ID the stream had reached (sent as `Last-Event-ID`).
 */
public class SseReconnectException(
    public val method: String,
    public val url: String,
    public val attempts: Int,
    public val lastEventId: String?,
    cause: Throwable?,
) : SluiceException(
    "$method $url: gave up reconnecting after $attempts attempt(s) in a row without an event" +
        (if (lastEventId == null) "" else " (last event id '$lastEventId')") +
        (if (cause == null) "" else ": ${cause.message}"),
    cause,
)
