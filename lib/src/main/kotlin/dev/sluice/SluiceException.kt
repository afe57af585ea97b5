package dev.sluice

/**
 * Root of every error Sluice raises. Unchecked, so Java callers are never forced to catch it and
 * Kotlin callers see the same type.
 */
public open class SluiceException @JvmOverloads constructor(message: String, cause: Throwable? = null) : RuntimeException(message, cause) {
    /**
     * How many times the request was sent for the call this error ended: 1 when it was not retried
     * (see `RetryPolicy`), more after retries; for an SSE stream, every connection it opened. Errors
     * raised outside an HTTP call (decoding bytes you supplied) say 1.
     */
    public var attempts: Int = 1
        internal set
}
