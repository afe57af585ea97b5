package dev.sluice.llm.client

import dev.sluice.metrics.MetricsListener
import dev.sluice.metrics.StreamMetrics
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

/** Counts what a metrics listener hears. */
class RecordingListener : MetricsListener {
    @Volatile var firstBytes = 0
    @Volatile var firstTokens = 0
    @Volatile var tokens = 0
    val completed: MutableList<StreamMetrics> = CopyOnWriteArrayList()

    override fun onFirstByte(sinceStart: Duration) {
        firstBytes++
    }

    override fun onFirstToken(sinceStart: Duration) {
        firstTokens++
    }

    override fun onToken(gap: Duration) {
        tokens++
    }

    override fun onComplete(metrics: StreamMetrics) {
        completed += metrics
    }
}
