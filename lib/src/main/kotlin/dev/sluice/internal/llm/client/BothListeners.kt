package dev.sluice.internal.llm.client

import dev.sluice.metrics.MetricsListener
import dev.sluice.metrics.StreamMetrics
import java.time.Duration

/** Tells [first], then [second]: the client's listener and a call's own. */
internal class BothListeners(private val first: MetricsListener, private val second: MetricsListener) : MetricsListener {
    override fun onFirstByte(sinceStart: Duration) {
        first.onFirstByte(sinceStart)
        second.onFirstByte(sinceStart)
    }

    override fun onFirstToken(sinceStart: Duration) {
        first.onFirstToken(sinceStart)
        second.onFirstToken(sinceStart)
    }

    override fun onToken(gap: Duration) {
        first.onToken(gap)
        second.onToken(gap)
    }

    override fun onRetry(retry: Int) {
        first.onRetry(retry)
        second.onRetry(retry)
    }

    override fun onSkippedEvent(reason: String) {
        first.onSkippedEvent(reason)
        second.onSkippedEvent(reason)
    }

    override fun onComplete(metrics: StreamMetrics) {
        first.onComplete(metrics)
        second.onComplete(metrics)
    }
}
