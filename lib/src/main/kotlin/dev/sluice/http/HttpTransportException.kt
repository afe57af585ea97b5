package dev.sluice.http

import dev.sluice.SluiceException
import dev.sluice.internal.secrets.Redaction

/**
 * The connection failed: it could not be opened (refused, unknown host, connect timeout) or it
 * broke while the body was being read. [cause] holds the underlying I/O error (a copy with the
 * text redacted when its message quoted a credential, see [SluiceException]).
 *
 * @property method the request method.
 * @property url the request URL with its credentials redacted (user info and the values of secret
 *   query parameters become `[redacted]`).
 */
public class HttpTransportException(
    public val method: String,
    url: String,
    message: String,
    cause: Throwable?,
) : SluiceException("$method ${Redaction.url(url)}: $message", cause) {
    public val url: String = Redaction.url(url)
}
