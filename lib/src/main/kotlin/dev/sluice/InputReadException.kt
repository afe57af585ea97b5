package dev.sluice

/** Reading the input a decoder consumes failed; [cause] is the underlying (often I/O) error. */
public class InputReadException(message: String, cause: Throwable) : SluiceException(message, cause)
