package dev.sluice.http

/**
 * One piece of a response body, as it arrived, with download progress.
 *
 * The array is a fresh copy owned by the receiver; keeping it does not pin any buffer.
 *
 * @property bytes the bytes of this piece (never empty).
 * @property bytesSoFar body bytes received up to and including this piece.
 * @property contentLength the body length the server announced (`Content-Length`); `null` when
 *   unknown (chunked or close-delimited bodies).
 */
public class ByteChunk(
    public val bytes: ByteArray,
    public val bytesSoFar: Long,
    public val contentLength: Long?,
) {
    /** Number of bytes in this piece. */
    public val size: Int get() = bytes.size

    override fun equals(other: Any?): Boolean =
        other is ByteChunk && other.bytesSoFar == bytesSoFar && other.contentLength == contentLength &&
            other.bytes.contentEquals(bytes)

    override fun hashCode(): Int =
        (bytes.contentHashCode() * 31 + bytesSoFar.hashCode()) * 31 + (contentLength?.hashCode() ?: 0)

    override fun toString(): String = "ByteChunk(size=$size, bytesSoFar=$bytesSoFar, contentLength=$contentLength)"
}
