package dev.sluice.internal.sse

import dev.sluice.DecodeLimits
import dev.sluice.internal.text.LineScanner

/**
 * Bytes to dispatched events: a [LineScanner] feeding an [SseEventAssembler], with the push
 * decoders' contract (a failure or the end leaves it refusing input). Shared by the String and
 * the byte-view decoders, so both frame and limit exactly alike. Not thread-safe.
 */
internal class SseFramer(target: SseDispatchTarget, limits: DecodeLimits, initialLastEventId: String?) {
    private val assembler = SseEventAssembler(target, limits.maxEventBytes, initialLastEventId)
    private val scanner = LineScanner(assembler, limits.maxLineBytes)
    private var ended = false
    private var failed = false

    val lastEventId: String? get() = assembler.lastEventId

    val retryMillis: Long? get() = retryOrNegative.takeIf { it >= 0 }

    /** The reconnection time the stream set, or -1. */
    val retryOrNegative: Long get() = assembler.retryMillis

    val bytesFed: Long get() = scanner.position

    fun feed(bytes: ByteArray, offset: Int, length: Int) {
        checkOpen()
        failed = true
        scanner.feed(bytes, offset, length)
        failed = false
    }

    fun end(dispatchUnterminated: Boolean) {
        checkOpen()
        failed = true
        scanner.end(emitPartialLine = dispatchUnterminated)
        if (dispatchUnterminated) assembler.dispatchPending()
        failed = false
        ended = true
        // Every event was dispatched and no line will come: the next stream may have the buffers.
        scanner.recycle()
        assembler.recycle()
    }

    private fun checkOpen() {
        check(!failed) { "the decoder failed earlier" }
        check(!ended) { "the stream already ended" }
    }
}
