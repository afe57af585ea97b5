package dev.sluice.internal.http.engine

import java.io.IOException
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/**
 * How a response body read by [SluiceEngine] ended, carried in the response's coroutine context.
 * The body channel itself always ends cleanly, after every byte received was handed over, so a
 * reader sees all the data first; [failure] then says whether the end was honest (a terminating
 * chunk, the announced length, or a clean close of a close-delimited body) or not.
 */
internal class BodyEnding : AbstractCoroutineContextElement(BodyEnding) {
    companion object Key : CoroutineContext.Key<BodyEnding>

    /** Why the body ended early or broken; `null` for an honest end (or while still reading). */
    @Volatile
    var failure: BodyFramingException? = null
}

/** A body that broke its own framing or connection; [bytes] of body were received before. */
internal class BodyFramingException(message: String, val bytes: Long, cause: Throwable? = null) : IOException(message, cause)

/** The size of a chunk header line (`1a`, `1a;ext=v`), or `null` when it is not one. */
internal fun parseChunkSize(line: CharSequence): Long? {
    var end = 0
    while (end < line.length && line[end] != ';') end++
    var start = 0
    while (start < end && line[start].isWhitespace()) start++
    while (end > start && line[end - 1].isWhitespace()) end--
    if (start == end || end - start > MAX_SIZE_DIGITS) return null
    var size = 0L
    for (i in start until end) {
        val digit = Character.digit(line[i], 16)
        if (digit < 0) return null
        size = size * 16 + digit
    }
    return size
}

internal fun printable(text: CharSequence): String =
    text.take(MAX_SHOWN).map { if (it.code in 0x20..0x7e) it else '?' }.joinToString("")

private const val MAX_SIZE_DIGITS = 15
private const val MAX_SHOWN = 32
