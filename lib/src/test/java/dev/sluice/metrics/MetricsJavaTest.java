package dev.sluice.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.internal.metrics.MetricsRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Java caller's view of metrics: a listener overriding only what it needs, plain getters. */
class MetricsJavaTest {
    private long now = 0;

    @Test
    void completionListenerReceivesMetricsWithJavaGetters() {
        List<StreamMetrics> received = new ArrayList<>();
        MetricsRecorder recorder = new MetricsRecorder(MetricsListener.onComplete(received::add), () -> now);

        recorder.requestStarted();
        now += 50_000_000;
        recorder.responseHeaders(Map.of("x-request-id", List.of("req_java")));
        now += 50_000_000;
        recorder.tokenDelta();
        now += 500_000_000;
        recorder.tokenDelta();
        recorder.usage(6);
        now += 500_000_000;
        recorder.finished(true);

        assertEquals(1, received.size());
        StreamMetrics m = received.get(0);
        assertEquals(Duration.ofMillis(50), m.getTimeToFirstByte());
        assertEquals(Duration.ofMillis(100), m.getTimeToFirstToken());
        assertEquals(Duration.ofMillis(1100), m.getTotalDuration());
        assertEquals(6L, m.getOutputTokens());
        assertEquals(Long.valueOf(6), m.getUsageOutputTokens());
        assertEquals(2L, m.getTokenDeltas());
        assertEquals(6.0, m.getOutputTokensPerSecond(), 1e-9);
        assertEquals(1, m.getInterTokenGapCount());
        assertEquals(Duration.ofMillis(500), m.getMaxInterTokenGap());
        assertEquals("req_java", m.getRequestId());
        assertEquals(0, m.getRetries());
        assertEquals(0L, m.getBytesRead());
        assertTrue(m.isCompleted());
    }

    @Test
    void listenerOverridingOneMethodKeepsTheOtherDefaults() {
        List<Duration> gaps = new ArrayList<>();
        MetricsListener listener = new MetricsListener() {
            @Override
            public void onToken(Duration gap) {
                gaps.add(gap);
            }
        };
        MetricsRecorder recorder = new MetricsRecorder(listener, () -> now);
        recorder.requestStarted();
        now += 7_000_000;
        recorder.tokenDelta();
        now += 3_000_000;
        recorder.tokenDelta();
        StreamMetrics m = recorder.finished(false);
        assertEquals(List.of(Duration.ofMillis(7), Duration.ofMillis(3)), gaps);
        assertNull(m.getTimeToFirstByte());
        assertEquals(false, m.isCompleted());
    }
}
