package dev.sluice

/**
 * Writing to the output a writer feeds failed, typically because the client went away (the
 * stream's `IOException`, or a subscriber that cancelled); [cause] is the underlying error. The
 * writer cannot be used further.
 */
public class OutputWriteException(message: String, cause: Throwable?) : SluiceException(message, cause)
