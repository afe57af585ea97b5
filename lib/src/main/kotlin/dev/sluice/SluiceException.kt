package dev.sluice

/**
 * Root of every error Sluice raises. Unchecked, so Java callers are never forced to catch it and
 * Kotlin callers see the same type.
 */
public open class SluiceException @JvmOverloads constructor(message: String, cause: Throwable? = null) : RuntimeException(message, cause)
