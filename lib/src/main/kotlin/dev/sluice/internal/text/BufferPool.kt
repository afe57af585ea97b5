package dev.sluice.internal.text

import java.util.concurrent.atomic.AtomicReferenceArray

/**
 * Grown line and event buffers handed from a decoder that ended to the next one that needs room,
 * so a service whose streams carry large events (64 KiB of base64 audio, say) does not regrow
 * them from 256 bytes, doubling, for every stream. A few buffers per pool, shared by all threads,
 * each between [MIN_BYTES] and [MAX_BYTES] (at most 2 MiB held in all); a buffer is either here
 * or owned by one decoder, never both: [take] removes it, and only a decoder that ended and will
 * never touch its buffers again [give]s them back.
 */
internal class BufferPool {
    private val free = AtomicReferenceArray<ByteArray?>(SLOTS)

    /** A pooled buffer of [min] to [max] bytes, now owned by the caller; `null` when none fits. */
    fun take(min: Int, max: Int): ByteArray? {
        if (min > MAX_BYTES) return null
        for (i in 0 until SLOTS) {
            val buffer = free.get(i) ?: continue
            if (buffer.size in min..max && free.compareAndSet(i, buffer, null)) return buffer
        }
        return null
    }

    /**
     * A buffer of at least [need] bytes (doubling [buffer]'s size, never past [bound]) that starts
     * with the [used] bytes of [buffer] from [from]: a pooled buffer when one fits, else a new one.
     */
    fun grow(buffer: ByteArray, used: Int, need: Int, bound: Long, from: Int = 0): ByteArray {
        val size = maxOf(need.toLong(), minOf(bound, buffer.size * 2L)).toInt()
        val grown = take(size, maxOf(size.toLong(), bound).coerceAtMost(Int.MAX_VALUE.toLong()).toInt())
            ?: ByteArray(size)
        System.arraycopy(buffer, from, grown, 0, used)
        return grown
    }

    /** Hands [buffer] to the next decoder; kept only if it is worth keeping and a slot is free. */
    fun give(buffer: ByteArray) {
        if (buffer.size !in MIN_BYTES..MAX_BYTES) return
        for (i in 0 until SLOTS) {
            if (free.get(i) == null && free.compareAndSet(i, null, buffer)) return
        }
    }

    internal companion object {
        const val SLOTS = 8
        const val MIN_BYTES = 4 * 1024
        const val MAX_BYTES = 256 * 1024

        /**
         * [LineScanner]s' buffers for lines split across reads and SSE event data buffers: one pool,
         * since an SSE data line's buffer becomes its event's, and the event's goes to the scanner.
         */
        val SHARED = BufferPool()
    }
}
