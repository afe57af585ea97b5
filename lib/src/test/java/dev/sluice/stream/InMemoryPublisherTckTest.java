package dev.sluice.stream;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK against the publisher view over a plain in-memory flow, delivering on
 * a caller-chosen executor (the other TCK run covers the default pool and real sockets).
 */
public class InMemoryPublisherTckTest extends FlowPublisherVerification<Long> {
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "tck-executor");
        t.setDaemon(true);
        return t;
    });

    public InMemoryPublisherTckTest() {
        // Signals that must come may take up to 1 s; in memory they take microseconds, so the rules
        // proving a signal does NOT come wait 20 ms each, and the reference rule (spec 3.13, a sleep
        // before it checks that cancel dropped the subscriber) 250 ms.
        super(new TestEnvironment(1_000, 20, 20), 250);
    }

    @AfterClass
    public void stopExecutor() {
        executor.shutdownNow();
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        Executor e = executor;
        return SluiceStream.of(LoopbackFlows.longs(elements)).publisher(e);
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return SluiceStream.of(LoopbackFlows.<Long>failing(new IOException("source failed"))).publisher(executor);
    }
}
