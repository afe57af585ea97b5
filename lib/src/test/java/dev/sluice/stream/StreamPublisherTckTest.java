package dev.sluice.stream;

import dev.sluice.testing.RawServer;
import java.io.IOException;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK (TestNG, run on the JUnit Platform by testng-engine) against the
 * publisher view over a real loopback stream: every subscription opens a socket to a server
 * that writes the requested number of elements. The failed publisher is a refused connection.
 */
public class StreamPublisherTckTest extends FlowPublisherVerification<String> {
    private LineServer server;

    public StreamPublisherTckTest() {
        // Signals must arrive within 1 s (a socket takes a moment on a shared machine); the rules that
        // prove a signal does NOT come wait 50 ms each, and the reference rule (spec 3.13 sleeps this
        // long after cancel, closing a socket, before it checks) 500 ms: together they keep the class fast.
        super(new TestEnvironment(1_000, 50, 50), 500);
    }

    @BeforeClass
    public void startServer() throws IOException {
        server = new LineServer();
    }

    @AfterClass
    public void stopServer() throws InterruptedException {
        server.close();
    }

    @Override
    public Flow.Publisher<String> createFlowPublisher(long elements) {
        return SluiceStream.of(LoopbackFlows.lines(server.port(), elements)).publisher();
    }

    @Override
    public Flow.Publisher<String> createFailedFlowPublisher() {
        return SluiceStream.of(LoopbackFlows.lines(RawServer.closedPort(), 10)).publisher();
    }
}
