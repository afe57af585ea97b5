package dev.sluice.internal.http

import java.util.zip.CRC32
import java.util.zip.DataFormatException
import java.util.zip.Inflater

/**
 * Decompresses a `Content-Encoding: gzip` or `deflate` body as it streams, in constant memory
 * (one [Inflater] and one output buffer). `deflate` is the zlib format (RFC 9110), or raw DEFLATE
 * as some servers send it, told apart by the first two bytes. A gzip body may hold several
 * members; each member's CRC-32 and length are checked.
 */
internal class ContentDecoder private constructor(private val gzip: Boolean) {
    private var inflater: Inflater? = null
    private val out = ByteArray(READ_BUFFER_BYTES)
    private val crc = CRC32()
    private val header = GzipHeader()
    private val pending = java.io.ByteArrayOutputStream() // a zlib/gzip header or trailer split across reads
    private var trailerLeft = 0

    /** Whether the compressed stream ended where it should (so the body was not cut short). */
    val isComplete: Boolean
        get() = if (gzip) inflater == null && trailerLeft == 0 && header.isIdle && pending.size() == 0 && membersDone > 0 else inflater?.finished() == true
    private var membersDone = 0

    /** Feeds [count] compressed bytes of [input]; hands every decompressed run to [emit] (buffer reused). */
    suspend fun decode(input: ByteArray, count: Int, emit: suspend (ByteArray, Int) -> Unit) {
        var offset = 0
        while (offset < count) {
            if (gzip && trailerLeft > 0) {
                val take = minOf(trailerLeft, count - offset)
                pending.write(input, offset, take)
                offset += take
                trailerLeft -= take
                if (trailerLeft == 0) checkTrailer()
            } else if (gzip && inflater == null) {
                offset = header.feed(input, offset, count)
                if (header.isDone) {
                    header.reset()
                    inflater = Inflater(true)
                    crc.reset()
                }
            } else if (inflater == null) { // deflate: the first two bytes say zlib or raw
                pending.write(input[offset].toInt())
                offset++
                if (pending.size() == 2) {
                    val b = pending.toByteArray()
                    pending.reset()
                    val zlib = (b[0].toInt() and 0x0f) == 8 && ((b[0].toInt() and 0xff) * 256 + (b[1].toInt() and 0xff)) % 31 == 0
                    inflater = Inflater(!zlib)
                    inflate(b, 0, 2, emit)
                }
            } else {
                offset += inflate(input, offset, count - offset, emit)
            }
        }
    }

    /** Inflates from [length] bytes at [offset]; returns how many were used (less when the stream ended). */
    private suspend fun inflate(input: ByteArray, offset: Int, length: Int, emit: suspend (ByteArray, Int) -> Unit): Int {
        val inf = inflater!!
        if (inf.finished()) throw ContentDecodingException("data after the end of the ${name()} stream")
        inf.setInput(input, offset, length)
        while (true) {
            val n = try {
                inf.inflate(out)
            } catch (e: DataFormatException) {
                throw ContentDecodingException("corrupt ${name()} data: ${e.message}")
            }
            if (n > 0) {
                if (gzip) crc.update(out, 0, n)
                emit(out, n)
            }
            if (inf.finished()) {
                val used = length - inf.remaining
                if (gzip) {
                    memberSize = inf.bytesWritten
                    inf.end()
                    inflater = null
                    trailerLeft = GZIP_TRAILER
                }
                return used
            }
            if (n == 0 && (inf.needsInput() || inf.needsDictionary())) return length
        }
    }

    private var memberSize = 0L

    private fun checkTrailer() {
        val t = pending.toByteArray()
        pending.reset()
        val storedCrc = le32(t, 0)
        val storedSize = le32(t, 4)
        if (storedCrc != crc.value || storedSize != (memberSize and 0xffffffffL)) {
            throw ContentDecodingException("gzip member fails its CRC-32 or length check")
        }
        membersDone++
    }

    private fun name() = if (gzip) "gzip" else "deflate"

    /** Frees the inflater. */
    fun close() {
        inflater?.end()
        inflater = null
    }

    companion object {
        /** A decoder for [encoding] (`gzip`, `x-gzip`, `deflate`), `null` for `identity`, or failure naming any other. */
        fun forEncoding(encoding: String?): ContentDecoder? {
            val codings = encoding?.split(',')?.map { it.trim().lowercase() }?.filter { it.isNotEmpty() && it != "identity" }.orEmpty()
            if (codings.isEmpty()) return null
            if (codings.size > 1) throw UnsupportedEncoding(encoding!!.trim())
            return when (codings.single()) {
                "gzip", "x-gzip" -> ContentDecoder(gzip = true)
                "deflate" -> ContentDecoder(gzip = false)
                else -> throw UnsupportedEncoding(codings.single())
            }
        }
    }

    /** Thrown by [forEncoding]; the caller turns it into the public error. */
    class UnsupportedEncoding(val encoding: String) : RuntimeException(encoding)
}

/** The header a client sends to accept compressed bodies, and the value: the encodings [ContentDecoder] decodes. */
internal const val ACCEPT_ENCODING: String = "Accept-Encoding"
internal const val ACCEPT_COMPRESSION: String = "gzip, deflate"

/** The compressed body is not valid gzip or deflate data. */
internal class ContentDecodingException(message: String) : java.io.IOException(message)

/** Parses one gzip member header (RFC 1952) fed in pieces: magic, method, flags, and the optional fields. */
private class GzipHeader {
    private var fixed = java.io.ByteArrayOutputStream()
    private var flags = 0
    private var stage = 0 // 0 fixed 10 bytes, 1 extra length, 2 extra, 3 name, 4 comment, 5 hcrc, 6 done
    private var need = 0
    private val extraLen = ByteArray(2)
    private var extraLenFilled = 0

    val isDone: Boolean get() = stage == 6
    val isIdle: Boolean get() = stage == 0 && fixed.size() == 0

    fun reset() {
        fixed = java.io.ByteArrayOutputStream()
        stage = 0
        extraLenFilled = 0
    }

    /** Consumes header bytes from [offset]; returns where the header (or the input) ends. */
    fun feed(input: ByteArray, offset: Int, count: Int): Int {
        var i = offset
        while (i < count && stage != 6) {
            val b = input[i].toInt() and 0xff
            when (stage) {
                0 -> {
                    fixed.write(b)
                    i++
                    if (fixed.size() == 10) {
                        val h = fixed.toByteArray()
                        if ((h[0].toInt() and 0xff) != 0x1f || (h[1].toInt() and 0xff) != 0x8b) throw ContentDecodingException("not gzip data (bad magic bytes)")
                        if (h[2].toInt() != 8) throw ContentDecodingException("gzip compression method ${h[2]} is not deflate")
                        flags = h[3].toInt()
                        stage = next(1)
                    }
                }
                1 -> {
                    extraLen[extraLenFilled++] = b.toByte()
                    i++
                    if (extraLenFilled == 2) {
                        need = (extraLen[0].toInt() and 0xff) or ((extraLen[1].toInt() and 0xff) shl 8)
                        stage = if (need == 0) next(3) else 2
                    }
                }
                2 -> {
                    val take = minOf(need, count - i)
                    i += take
                    need -= take
                    if (need == 0) stage = next(3)
                }
                3, 4 -> {
                    i++
                    if (b == 0) stage = next(stage + 1)
                }
                5 -> {
                    i++
                    need--
                    if (need == 0) stage = 6
                }
            }
        }
        return i
    }

    /** The first stage from [from] on whose flag is set. */
    private fun next(from: Int): Int {
        var s = from
        while (s < 6) {
            val present = when (s) {
                1 -> flags and FEXTRA != 0
                3 -> flags and FNAME != 0
                4 -> flags and FCOMMENT != 0
                5 -> flags and FHCRC != 0
                else -> false
            }
            if (present) {
                if (s == 5) need = 2
                return s
            }
            s += if (s == 1) 2 else 1
        }
        return 6
    }
}

private fun le32(b: ByteArray, at: Int): Long =
    (b[at].toLong() and 0xff) or ((b[at + 1].toLong() and 0xff) shl 8) or ((b[at + 2].toLong() and 0xff) shl 16) or ((b[at + 3].toLong() and 0xff) shl 24)

private const val GZIP_TRAILER = 8
private const val FHCRC = 2
private const val FEXTRA = 4
private const val FNAME = 8
private const val FCOMMENT = 16
