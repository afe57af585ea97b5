package dev.sluice.samples.cli

import dev.sluice.http.ProgressListener
import java.io.PrintStream
import java.util.Locale

/**
 * A one-line progress display on standard error, redrawn in place (`\r`) at most ten times a
 * second: a bar and percentage when the length is known, else the bytes so far and the rate.
 */
internal class ProgressBar(
    private val err: PrintStream,
    private val clock: () -> Long = System::nanoTime,
) : ProgressListener {
    private val start = clock()
    private var lastDraw = Long.MIN_VALUE
    private var soFar = 0L
    private var length = -1L
    private var drawn = false

    override fun onProgress(bytesSoFar: Long, contentLength: Long) {
        soFar = bytesSoFar
        length = contentLength
        val now = clock()
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now
            draw(now)
        }
    }

    /** Draws the final state and ends the line. */
    fun finish() {
        draw(clock())
        err.println()
        err.flush()
    }

    /** Ends a partly drawn line so that what follows starts on its own line. */
    fun abandon() {
        if (drawn) {
            err.println()
            err.flush()
        }
    }

    private fun draw(now: Long) {
        err.print("\r" + render(soFar, length, now - start))
        err.flush()
        drawn = true
    }

    companion object {
        private const val REDRAW_NANOS = 100_000_000L
        private const val WIDTH = 30

        fun render(soFar: Long, length: Long, elapsedNanos: Long): String {
            val seconds = elapsedNanos / 1e9
            val rate = if (seconds > 0) "${size((soFar / seconds).toLong())}/s" else "-"
            if (length <= 0) return "${size(soFar)}  $rate"
            val fraction = (soFar.toDouble() / length).coerceIn(0.0, 1.0)
            val filled = (fraction * WIDTH).toInt()
            val bar = "=".repeat(filled) + (if (filled < WIDTH) ">" else "") + " ".repeat(maxOf(0, WIDTH - filled - 1))
            val percent = String.format(Locale.ROOT, "%3d%%", (fraction * 100).toInt())
            return "[$bar] $percent  ${size(soFar)} / ${size(length)}  $rate"
        }

        fun size(bytes: Long): String = when {
            bytes < 1024 -> "$bytes B"
            bytes < 1024 * 1024 -> String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
            bytes < 1024L * 1024 * 1024 -> String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024))
            else -> String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024))
        }
    }
}
