package dev.sluice.http

import dev.sluice.SluiceException
import dev.sluice.internal.secrets.Redaction

/**
 * An SSE stream that reconnects by itself gave up: [failedReconnections] reconnections in a row
 * delivered no event ([SseReconnect.maxAttempts]). [cause] is the last attempt's failure. Every
 * event before it was delivered; [attempts] counts every connection the stream opened.
 *
 * @property failedReconnections reconnections in a row that delivered no event.
 * @property lastEventId the last event ID the stream had reached (sent as `Last-Event-ID`).
 * @property url the request URL with its credentials redacted (user info and the values of secret
 *   query parameters become `[redacted]`).
 */
public class SseReconnectException(
    public val method: String,
    url: String,
    public val failedReconnections: Int,
    public val lastEventId: String?,
    cause: Throwable?,
) : SluiceException(
    "$method ${Redaction.url(url)}: gave up reconnecting after $failedReconnections attempt(s) in a row without an event" +
        (if (lastEventId == null) "" else " (last event id '$lastEventId')") +
        (if (cause == null) "" else ": ${cause.message}"),
    cause,
) {
    public val url: String = Redaction.url(url)
}
