package dev.sluice.http

import dev.sluice.SluiceException
import dev.sluice.internal.secrets.Redaction

/**
 * A 2xx response whose `Content-Type` is not what the stream kind needs, for example an SSE
 * request answered with an HTML page.
 *
 * @property expected the media type that was required, e.g. `text/event-stream`.
 * @property received the `Content-Type` header as received; `null` when the response had none.
 * @property url the request URL with its credentials redacted (user info and the values of secret
 *   query parameters become `[redacted]`).
 */
public class UnexpectedContentTypeException(
    public val expected: String,
    public val received: String?,
    public val method: String,
    url: String,
) : SluiceException(
    "$method ${Redaction.url(url)} answered with " +
        (if (received == null) "no Content-Type" else "Content-Type '$received'") +
        ", expected '$expected'",
) {
    public val url: String = Redaction.url(url)
}
