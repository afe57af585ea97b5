package dev.sluice.fuzz

import java.util.Random

/**
 * The choices a fuzz target makes besides the input itself (where to split it, which limits to
 * use), derived from the input: the same input always gives the same choices, so a finding
 * replays exactly from its file, and each mutation of the input also moves the split points.
 * Inputs stay plain files (an SSE body, an NDJSON body, a JSON prefix), readable and copyable.
 */
internal class FuzzChoices(data: ByteArray) {
    private val random = Random(seedOf(data))

    fun bool(): Boolean = random.nextBoolean()

    /** A number in `[from, to]`. */
    fun int(from: Int, to: Int): Int = from + random.nextInt(to - from + 1)

    /**
     * [data] cut into pieces at points chosen from the input: empty pieces, single bytes, short and
     * long runs, in any order, so a CR, a CRLF, a BOM or a UTF-8 sequence can fall on any boundary.
     */
    fun pieces(data: ByteArray): List<ByteArray> {
        val out = ArrayList<ByteArray>()
        var at = 0
        while (at < data.size) {
            val n = when (random.nextInt(8)) {
                0 -> 0
                1, 2 -> 1
                3 -> 2 + random.nextInt(3)
                4, 5 -> 1 + random.nextInt(16)
                6 -> 1 + random.nextInt(256)
                else -> data.size - at
            }.coerceAtMost(data.size - at)
            out += data.copyOfRange(at, at + n)
            at += n
        }
        if (random.nextInt(4) == 0) out += ByteArray(0)
        return out
    }

    private companion object {
        fun seedOf(data: ByteArray): Long = data.contentHashCode().toLong() * 31 + data.size
    }
}

/** [data] as one piece per byte. */
internal fun bytewise(data: ByteArray): List<ByteArray> = data.map { byteArrayOf(it) }

/** A short printable form of an input for assertion messages. */
internal fun show(data: ByteArray): String {
    val s = data.toString(Charsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n")
    return if (s.length > 300) s.take(300) + "...(${data.size} bytes)" else s
}

/**
 * Fails unless [e] is one of the exception types the target may raise. Anything else (a
 * NullPointerException, an IndexOutOfBoundsException, a StackOverflowError...) is rethrown as it
 * is, so the fuzzer reports it with its own stack trace.
 */
internal fun requireTyped(e: Throwable, vararg allowed: Class<out Throwable>) {
    if (allowed.none { it == e.javaClass }) throw e
}
