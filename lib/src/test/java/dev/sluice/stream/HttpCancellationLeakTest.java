package dev.sluice.stream;

import dev.sluice.http.SluiceHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The cancellation leak test (1,000 streams per view, stopped at random points) through the real
 * HTTP client (Ktor CIO) against the loopback server's HTTP/1.1 flavour: every view's cancel
 * must close the HTTP connection, and close-delimited responses that ran to the end must not be
 * kept open either.
 */
class HttpCancellationLeakTest extends CancellationLeakTest {
    private SluiceHttp http;

    @BeforeEach
    void startClient() {
        http = SluiceHttp.create();
    }

    @AfterEach
    void stopClient() {
        http.close();
    }

    @Override
    protected SluiceStream<String> source(LineServer server, long count, boolean end) {
        return http.get(server.httpUrl(count, 0, end)).lines();
    }
}
