package dev.sluice

import dev.sluice.internal.secrets.Redaction
import dev.sluice.internal.secrets.Secrets

/**
 * Root of every error Sluice raises. Unchecked, so Java callers are never forced to catch it and
 * Kotlin callers see the same type.
 *
 * Never shows a credential: the message has URL user info, the values of secret query parameters
 * (`key`, `api_key`, `token`, `sig`, `password`...), `Authorization`-style header values and
 * `Bearer` tokens replaced by `[redacted]`, and a [cause] whose own message (or a cause's) showed
 * one, as a Ktor or JDK message quoting the URL can, is replaced by a copy with the same text
 * redacted, the same stack trace, and the original class named in its `toString`
 * (`java.net.ConnectException (secrets redacted): ...`); a clean cause is kept as it is.
 */
public open class SluiceException @JvmOverloads constructor(message: String, cause: Throwable? = null) :
    RuntimeException(Redaction.text(message), Secrets.NONE.sanitizeOrNull(cause)) {
    /**
     * How many times the request was sent for the call this error ended: 1 when it was not retried
     * (see `RetryPolicy`), more after retries; for an SSE stream, every connection it opened. Errors
     * raised outside an HTTP call (decoding bytes you supplied) say 1.
     */
    public var attempts: Int = 1
        @JvmSynthetic internal set
}
