package dev.sluice.internal.testkit

import java.io.ByteArrayOutputStream
import java.io.OutputStream
import java.util.zip.Deflater
import java.util.zip.DeflaterOutputStream
import java.util.zip.GZIPOutputStream

/** Compresses a body frame by frame, each frame sync-flushed so the client can decode it at once. */
internal class Compressor private constructor(private val open: (OutputStream) -> OutputStream?) {
    private val buffer = ByteArrayOutputStream()
    private val stream: OutputStream? = open(buffer)

    /** The compressed bytes of [bytes], flushed; the bytes themselves for a label-only encoding. */
    fun compress(bytes: ByteArray): ByteArray {
        val s = stream ?: return bytes
        s.write(bytes)
        s.flush()
        return drain()
    }

    /** The end of the compressed stream (trailer), or `null` for a label-only encoding. */
    fun finish(): ByteArray? {
        val s = stream ?: return null
        s.close()
        return drain()
    }

    private fun drain(): ByteArray = buffer.toByteArray().also { buffer.reset() }

    companion object {
        fun forEncoding(encoding: String): Compressor = when (encoding.lowercase()) {
            "gzip", "x-gzip" -> Compressor { GZIPOutputStream(it, true) }
            "deflate" -> Compressor { DeflaterOutputStream(it, Deflater(), true) }
            else -> Compressor { null }
        }
    }
}
