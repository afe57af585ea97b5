package dev.sluice.stream;

import org.junit.jupiter.api.Tag;

/** {@link CancellationLeakTest} with 1,000 streams per view: the soak tier (`bash .ci/run`). */
@Tag("soak")
class CancellationLeakSoakTest extends CancellationLeakTest {
    @Override
    protected int streams() {
        return 1000;
    }
}
