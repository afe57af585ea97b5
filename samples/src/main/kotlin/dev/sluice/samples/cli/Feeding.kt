package dev.sluice.samples.cli

import java.io.InputStream

/**
 * How `decode sse|ndjson` hand standard input to a push decoder while reading it as a stream.
 *
 * By default every read goes to the decoder as it arrives. `--split N` feeds exactly N bytes at a
 * time (the last piece may be shorter) and `--chunks A,B,...` feeds the pieces between those
 * stream offsets; a piece is fed once it is complete, so at most one piece is held in memory
 * (N bytes, or the largest gap between offsets). After the last offset the rest of the input is
 * fed as it arrives, as without options. Either way the pieces are those of the old whole-input
 * splitting: the same offsets, the same bytes.
 */
internal class Feeding private constructor(private val split: Int?, private val offsets: List<Int>?) {
    /**
     * Reads [input] to its end, handing the pieces to [sink]; calls [caughtUp] after each read,
     * once the pieces it completed are fed, that is before blocking on the next read.
     */
    fun feed(input: InputStream, sink: (ByteArray, Int, Int) -> Unit, caughtUp: () -> Unit) {
        val chunk = ByteArray(READ_SIZE)
        var piece = ByteArray(0)
        var held = 0
        var pieceStart = 0L
        var nextOffset = 0
        while (true) {
            val n = input.read(chunk)
            if (n < 0) break
            var i = 0
            while (i < n) {
                val pieceEnd = when {
                    split != null -> (pieceStart / split + 1) * split
                    offsets != null -> {
                        while (nextOffset < offsets.size && offsets[nextOffset] <= pieceStart) nextOffset++
                        offsets.getOrNull(nextOffset)?.toLong()
                    }
                    else -> null
                }
                if (pieceEnd == null) { // past the last cut: nothing is held, feed the read as it is
                    sink(chunk, i, n - i)
                    pieceStart += n - i
                    break
                }
                val pieceSize = (pieceEnd - pieceStart).toInt()
                val take = minOf(n - i, pieceSize - held)
                if (held == 0 && take == pieceSize) {
                    sink(chunk, i, take)
                } else {
                    if (piece.size < held + take) piece = piece.copyOf(minOf(pieceSize, maxOf(held + take, piece.size * 2)))
                    System.arraycopy(chunk, i, piece, held, take)
                    held += take
                    if (held < pieceSize) break
                    sink(piece, 0, held)
                }
                held = 0
                pieceStart = pieceEnd
                i += take
            }
            caughtUp()
        }
        if (held > 0) sink(piece, 0, held)
    }

    companion object {
        private const val READ_SIZE = 64 * 1024

        fun from(options: CliOptions): Feeding {
            val split = options.positiveInt(SPLIT)
            val chunks = options[CHUNKS]?.let(::parseOffsets)
            if (split != null && chunks != null) throw UsageException("use either $SPLIT or $CHUNKS, not both")
            return Feeding(split, chunks)
        }

        private fun parseOffsets(text: String): List<Int> {
            val offsets = text.split(',').map {
                it.trim().toIntOrNull()?.takeIf { n -> n >= 0 }
                    ?: throw UsageException("$CHUNKS wants ascending byte offsets such as 5,12,40; got '$text'")
            }
            if (offsets.zipWithNext().any { (a, b) -> b <= a }) throw UsageException("$CHUNKS offsets must be ascending; got '$text'")
            return offsets
        }
    }
}
