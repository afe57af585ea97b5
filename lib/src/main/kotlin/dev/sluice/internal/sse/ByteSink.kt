package dev.sluice.internal.sse

import java.io.IOException
import java.io.OutputStream

/** Where an [dev.sluice.sse.SseWriter] puts its frames: one call per frame, flushed. */
internal interface ByteSink {
    /**
     * Writes one whole frame and flushes it. When the consumer has no room (a subscriber without
     * demand), waits if [wait], else returns false without writing.
     *
     * @throws IOException when the output failed or the consumer went away
     */
    fun write(bytes: ByteArray, wait: Boolean): Boolean

    /**
     * Ends a wait in [write] at once (the writer is closing from another thread): that write
     * throws [WaitAbortedException], which is not a failure of the output.
     */
    fun abortWait()

    /** Ends the output normally (after the last frame). */
    fun close()

    /** Ends the output after a failure: releases what can be released, throws nothing. */
    fun closeAfterFailure()
}

/** A write that waited for room was ended by [ByteSink.abortWait]: the output itself is fine. */
internal class WaitAbortedException : IOException("the writer was closed while waiting for the subscriber's demand")

/** An [OutputStream]: `write` then `flush` per frame; closing closes the stream. */
internal class OutputStreamSink(private val out: OutputStream) : ByteSink {
    override fun write(bytes: ByteArray, wait: Boolean): Boolean {
        out.write(bytes)
        out.flush()
        return true
    }

    override fun abortWait() {}

    override fun close() = out.close()

    override fun closeAfterFailure() {
        try {
            out.close()
        } catch (ignored: IOException) {
            // the stream failed already; that failure is the one reported
        }
    }
}
