package dev.sluice.internal.http

import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/**
 * Returns [timeout] when it is at least 1 ms ([Duration.INFINITE] means none); anything shorter,
 * zero and negatives included, is a mistake, never a silent "no timeout".
 */
internal fun checkTimeout(name: String, timeout: Duration): Duration {
    require(timeout >= 1.milliseconds) { "$name must be at least 1 ms, was $timeout" }
    return timeout
}

/** Whole milliseconds of [timeout], `0` for [Duration.INFINITE] (none), as the watchdogs take it. */
internal fun timeoutMillisOrZero(timeout: Duration): Long =
    if (timeout.isInfinite()) 0 else timeout.inWholeMilliseconds
