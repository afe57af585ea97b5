package dev.sluice.http

import dev.sluice.SluiceException

/**
 * An SSE stream that reconnects by itself gave up: [failedReconnections] reconnections in a row
 * delivered no event ([SseReconnect.maxAttempts]). [cause] is the last attempt's failure. Every
 * event before it was delivered; [attempts] counts every connection the stream opened.
 *
 * @property failedReconnections reconnections in a row that delivered no event.
 * @property lastEventId the last event ID the stream had reached (sent as `Last-Event-ID`).
 */
public class SseReconnectException(
    public val method: String,
    public val url: String,
    public val failedReconnections: Int,
    public val lastEventId: String?,
    cause: Throwable?,
) : SluiceException(
    "$method $url: gave up reconnecting after $failedReconnections attempt(s) in a row without an event" +
        (if (lastEventId == null) "" else " (last event id '$lastEventId')") +
        (if (cause == null) "" else ": ${cause.message}"),
    cause,
)
