package dev.sluice.http

import dev.sluice.SluiceException

/**
 * The connection failed: it could not be opened (refused, unknown host, connect timeout) or it
 * broke while the body was being read. [cause] holds the underlying I/O error.
 */
public class HttpTransportException(
    public val method: String,
    public val url: String,
    message: String,
    cause: Throwable?,
) : SluiceException("$method $url: $message", cause)
