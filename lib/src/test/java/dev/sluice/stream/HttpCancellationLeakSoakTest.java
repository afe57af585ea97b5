package dev.sluice.stream;

import org.junit.jupiter.api.Tag;

/** {@link HttpCancellationLeakTest} with 1,000 streams per view: the soak tier (`bash .ci/run`). */
@Tag("soak")
class HttpCancellationLeakSoakTest extends HttpCancellationLeakTest {
    @Override
    protected int streams() {
        return 1000;
    }
}
