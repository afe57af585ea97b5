package dev.sluice.internal.text

import dev.sluice.LimitExceededException
import java.nio.ByteBuffer

/**
 * Bytes to lines, shared by the SSE, NDJSON and text decoders. CR, LF and CRLF end a line; a
 * CRLF split across reads is one break. A CR at the end of a read ends its line at once (so an
 * event that a CR-only stream completes is dispatched without waiting for the next read), and an
 * LF opening the next read is then skipped. A UTF-8 byte-order mark is stripped only at the very
 * start of the stream, even when it arrives one byte at a time.
 *
 * Lines wholly inside one read go to the [sink] straight from the caller's array; only a line
 * split across reads is copied, into a buffer that never grows past [maxLineBytes] and keeps its
 * capacity between lines up to [RETAIN_BYTES] (so long lines do not regrow it each time); once grown,
 * it can be passed on to the next stream's scanner ([recycle], [BufferPool]), or, line by line, to a
 * sink that keeps it in exchange for another ([BufferTakingLineSink]). A line
 * split across reads is searched for its end where it is copied to anyway, in that buffer
 * ([scratchIndexOf]), when the caller's array is new to the scanner, and so is every line while
 * the stream's lines run long: a word view of the array would be an object per read, which a
 * stream of large events fed a new array per read would pay for almost every read. A line
 * longer than that fails with [LimitExceededException] as soon as the first byte past the limit
 * is seen, without scanning the rest of the read. Not thread-safe.
 */
internal class LineScanner(
    private val sink: LineSink,
    private val maxLineBytes: Int,
    private val limitName: String = "maxLineBytes",
) {
    private var pending = ByteArray(minOf(maxLineBytes, INITIAL_CAPACITY))
    private val taker = sink as? BufferTakingLineSink
    private var pendingLen = 0
    /** The word view of the last read's array ([LineBreaks.wordsOf]); kept while reads reuse it. */
    private var words: ByteBuffer? = null
    /** Word views of the last two [pending] buffers (a [BufferTakingLineSink] swaps two back and forth). */
    private var pendingWords: ByteBuffer? = null
    private var otherPendingWords: ByteBuffer? = null
    private var skipLf = false
    private var bomMatched = 0
    private var bomDone = false
    private var ended = false

    /** Stream offset of the next byte to be fed. */
    var position: Long = 0
        private set

    /** Bytes held for a line split across reads (never more than the line limit); for tests. */
    val bufferedCapacity: Int get() = pending.size

    /** Stream offset of the first byte of the line being assembled. */
    private var lineStart = 0L

    /** Lines since the last of [LONG_LINE_BYTES] or more, up to [RECENT_LINES]. */
    private var linesSinceLong = RECENT_LINES

    fun feed(b: ByteArray, off: Int, len: Int) {
        check(!ended) { "feed after end of stream" }
        if (off < 0 || len < 0 || off > b.size - len) throw IndexOutOfBoundsException("off=$off len=$len size=${b.size}")
        val end = off + len
        val base = position - off
        var i = off
        var words = this.words?.takeIf { it.array() === b }
        if (!bomDone) i = consumeBom(b, i, end)
        if (skipLf && i < end) {
            skipLf = false
            if (b[i] == LF) {
                i++
                lineStart = base + i
            }
        }
        while (i < end) {
            val allowed = maxLineBytes - pendingLen
            val scanEnd = if (end - i > allowed) i + allowed + 1 else end
            val held = pendingLen
            // In a new array, a line that continues one split across reads is searched in [pending],
            // where it is copied anyway, and so is any line while the stream's lines run long.
            val copied = words == null && (held > 0 || linesSinceLong < RECENT_LINES) && scanEnd - i >= LineBreaks.MIN_WORDS_BYTES
            var j: Int
            if (copied) {
                j = scratchIndexOf(b, i, minOf(scanEnd, i + allowed))
                if (j == i + allowed && j < scanEnd) j = if (b[j] == LF || b[j] == CR) j else scanEnd
            } else {
                if (words == null && scanEnd - i >= LineBreaks.MIN_WORDS_BYTES) words = viewOf(b, len)
                j = LineBreaks.indexOf(b, words, i, scanEnd)
            }
            if (j == scanEnd) {
                if (j - i > allowed) throw overLimit()
                if (!copied) append(b, i, j - i)
                break
            }
            if (held == 0) {
                pendingLen = 0 // what a search in [pending] copied there is not needed: the line is all in [b]
                sink.onLine(b, i, j - i, lineStart)
            } else {
                if (!copied) append(b, i, j - i)
                emitPending()
            }
            if (pending.size > RETAIN_BYTES) pending = ByteArray(INITIAL_CAPACITY.coerceAtMost(maxLineBytes))
            linesSinceLong = if (held + (j - i) >= LONG_LINE_BYTES) 0 else minOf(linesSinceLong + 1, RECENT_LINES)
            if (b[j] == CR) {
                if (j + 1 < end) {
                    if (b[j + 1] == LF) j++
                } else {
                    skipLf = true
                }
            }
            i = j + 1
            lineStart = base + i
        }
        position += len
        taker?.onFeedEnd()
    }

    /**
     * End of stream. A started BOM that never completed is text. An unterminated last line goes
     * to the sink only if [emitPartialLine]; returns whether there was one.
     */
    fun end(emitPartialLine: Boolean): Boolean {
        if (ended) return false
        ended = true
        forgetViews()
        if (!bomDone) flushPartialBom()
        if (pendingLen == 0) return false
        if (emitPartialLine) emitPending() else pendingLen = 0
        return true
    }

    /** The line assembled in [pending] to the sink, which may keep the buffer ([BufferTakingLineSink]). */
    private fun emitPending() {
        val n = pendingLen
        pendingLen = 0
        if (taker == null) {
            sink.onLine(pending, 0, n, lineStart)
        } else {
            pending = taker.onAssembledLine(pending, n, lineStart)
        }
    }

    /**
     * Gives a grown line buffer to the next scanner ([BufferPool]); only once this scanner ended
     * and its sink is done with every line (lines are handed over as views of that buffer).
     */
    fun recycle() {
        check(ended) { "recycle before the end of the stream" }
        val buffer = pending
        pending = EMPTY
        pendingLen = 0
        forgetViews()
        BufferPool.SHARED.give(buffer)
    }

    /** A word view of [b], kept for the reads that follow when they reuse [b]. */
    private fun viewOf(b: ByteArray, len: Int): ByteBuffer? =
        LineBreaks.wordsOf(b, len, null).also { if (it != null) words = it }

    /**
     * The index of the first CR or LF in `b[from, to)`, or [to], searched in [pending]: the bytes
     * are appended there a window at a time (small first, since the line may end soon) and the
     * window searched with [pending]'s word view. On return [pending] holds the bytes before the
     * break appended, nothing after. `to - from` must fit in the line limit.
     */
    private fun scratchIndexOf(b: ByteArray, from: Int, to: Int): Int {
        var i = from
        var window = SCRATCH_WINDOW
        var view = pendingView()
        while (i < to) {
            val n = minOf(window, to - i)
            val start = pendingLen
            if (start + n > pending.size) {
                pending = BufferPool.SHARED.grow(pending, start, start + n, maxLineBytes.toLong())
                view = pendingView()
            }
            System.arraycopy(b, i, pending, start, n)
            val k = LineBreaks.indexOf(pending, view, start, start + n)
            if (k < start + n) {
                pendingLen = k
                return i + (k - start)
            }
            pendingLen = start + n
            i += n
            if (window < MAX_SCRATCH_WINDOW) window *= 2
        }
        return to
    }

    /**
     * The word view of [pending], from the last two made when it is one of their buffers. A view of
     * a buffer past [RETAIN_BYTES] is not kept: it would keep that buffer after its line.
     */
    private fun pendingView(): ByteBuffer? {
        val p = pending
        pendingWords?.let { if (it.array() === p) return it }
        val view = otherPendingWords?.takeIf { it.array() === p } ?: LineBreaks.wordsOf(p, p.size, null) ?: return null
        if (p.size <= RETAIN_BYTES) {
            otherPendingWords = pendingWords
            pendingWords = view
        }
        return view
    }

    private fun forgetViews() {
        words = null
        pendingWords = null
        otherPendingWords = null
    }

    private fun consumeBom(b: ByteArray, start: Int, end: Int): Int {
        var i = start
        while (i < end && bomMatched < BOM.size) {
            if (b[i] != BOM[bomMatched]) {
                flushPartialBom()
                return i
            }
            bomMatched++
            i++
        }
        if (bomMatched == BOM.size) {
            bomDone = true
            lineStart = BOM.size.toLong()
        }
        return i
    }

    /** The bytes of a BOM prefix that turned out not to be one are the start of the first line. */
    private fun flushPartialBom() {
        bomDone = true
        if (bomMatched > maxLineBytes) throw overLimit()
        append(BOM, 0, bomMatched)
    }

    private fun append(b: ByteArray, off: Int, len: Int) {
        if (len == 0) return
        val need = pendingLen + len
        if (need > pending.size) {
            pending = BufferPool.SHARED.grow(pending, pendingLen, need, maxLineBytes.toLong())
        }
        System.arraycopy(b, off, pending, pendingLen, len)
        pendingLen = need
    }

    private fun overLimit(): LimitExceededException {
        ended = true
        return LimitExceededException(limitName, maxLineBytes, lineStart + maxLineBytes, "line starting at byte offset $lineStart")
    }

    private companion object {
        const val LF: Byte = 0x0A
        const val CR: Byte = 0x0D
        const val INITIAL_CAPACITY = 256
        /** First window of a search in [pending]; windows double up to [MAX_SCRATCH_WINDOW]. */
        const val SCRATCH_WINDOW = 256
        const val MAX_SCRATCH_WINDOW = 16 * 1024
        /**
         * Lines this long make a stream of long lines: in a new array, every line is searched in
         * [pending] until [RECENT_LINES] shorter ones have followed the last of them (a large SSE
         * event's `event:`, `id:` and blank lines).
         */
        const val LONG_LINE_BYTES = 8 * 1024
        const val RECENT_LINES = 4
        /** Capacity kept between split lines; a larger buffer is dropped after its line. */
        const val RETAIN_BYTES = 1024 * 1024
        val EMPTY = ByteArray(0)
        val BOM = byteArrayOf(0xEF.toByte(), 0xBB.toByte(), 0xBF.toByte())
    }
}

/**
 * A scanner for newline-delimited values, where a line is a whole event: bounded by the smaller
 * of [DecodeLimits.maxEventBytes] and [DecodeLimits.maxLineBytes], named after the one that binds.
 */
internal fun valueLineScanner(sink: LineSink, limits: dev.sluice.DecodeLimits): LineScanner =
    if (limits.maxEventBytes < limits.maxLineBytes) {
        LineScanner(sink, limits.maxEventBytes, "maxEventBytes")
    } else {
        LineScanner(sink, limits.maxLineBytes)
    }
