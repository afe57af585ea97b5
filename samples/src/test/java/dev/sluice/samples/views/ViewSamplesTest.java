package dev.sluice.samples.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs every view sample and checks what it read. */
@Timeout(30)
class ViewSamplesTest {
    private static final List<String> ALL = List.of("token 0", "token 1", "token 2", "token 3", "token 4");

    @Test
    void publisherSampleReadsEveryEventOneByOne() {
        assertEquals(ALL, PublisherSample.readOneByOne());
    }

    @Test
    void futureSampleJoinsAndCancels() {
        assertEquals(String.join(" ", ALL), FutureSample.joined());
        assertTrue(FutureSample.cancelled());
    }

    @Test
    void blockingSampleIteratesAndStopsEarly() {
        assertEquals(ALL, BlockingSample.iterate());
        assertEquals(ALL.subList(0, 2), BlockingSample.firstTwo());
    }

    @Test
    void callbackSampleCollectsEveryEvent() {
        assertEquals(ALL, CallbackSample.collect());
    }

    @Test
    void reactorSampleTakesTwoThroughFlowAdapters() {
        assertEquals(List.of("TOKEN 0", "TOKEN 1"), ReactorSample.firstTwoUpperCase());
    }

    @Test
    void kotlinFlowSampleTakesThree() throws Exception {
        assertEquals(ALL.subList(0, 3), kotlinx.coroutines.BuildersKt.runBlocking(
                kotlin.coroutines.EmptyCoroutineContext.INSTANCE, (scope, cont) -> FlowViewSample.INSTANCE.firstThree(cont)));
    }
}
