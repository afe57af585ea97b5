package dev.sluice.http

import dev.sluice.SluiceException

/**
 * A 2xx response whose `Content-Type` is not what the stream kind needs, for example an SSE
 * request answered with an HTML page.
 *
 * @property expected the media type that was required, e.g. `text/event-stream`.
 * @property received the `Content-Type` header as received; `null` when the response had none.
 */
public class UnexpectedContentTypeException(
    public val expected: String,
    public val received: String?,
    public val method: String,
    public val url: String,
) : SluiceException(
    "$method $url answered with " +
        (if (received == null) "no Content-Type" else "Content-Type '$received'") +
        ", expected '$expected'",
)
