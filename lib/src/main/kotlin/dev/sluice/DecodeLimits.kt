package dev.sluice

/**
 * Bounds a decoder keeps whatever the input, so a broken or hostile server cannot exhaust memory.
 *
 * @property maxLineBytes the longest line (without its line break), in bytes; default 8 MiB.
 * @property maxEventBytes the largest event (all its `data` joined), in bytes; default 8 MiB.
 */
public class DecodeLimits @JvmOverloads constructor(
    public val maxLineBytes: Int = 8 * 1024 * 1024,
    public val maxEventBytes: Int = 8 * 1024 * 1024,
) {
    init {
        require(maxLineBytes > 0) { "maxLineBytes must be positive, was $maxLineBytes" }
        require(maxEventBytes > 0) { "maxEventBytes must be positive, was $maxEventBytes" }
    }

    /** A copy with another line limit. */
    public fun withMaxLineBytes(bytes: Int): DecodeLimits = DecodeLimits(bytes, maxEventBytes)

    /** A copy with another event limit. */
    public fun withMaxEventBytes(bytes: Int): DecodeLimits = DecodeLimits(maxLineBytes, bytes)

    override fun equals(other: Any?): Boolean =
        other is DecodeLimits && other.maxLineBytes == maxLineBytes && other.maxEventBytes == maxEventBytes

    override fun hashCode(): Int = 31 * maxLineBytes + maxEventBytes

    override fun toString(): String = "DecodeLimits(maxLineBytes=$maxLineBytes, maxEventBytes=$maxEventBytes)"
}
