package dev.sluice.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.testkit.FakeLlmServerExtension;
import dev.sluice.testkit.Script;
import dev.sluice.testkit.ScriptBuilder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Java Publisher subscriber that feeds every event to an {@link LlmAccumulator} ends with exactly
 * the result {@code complete()} gives, for every provider, over loopback against the fake server.
 */
@Timeout(30)
class LlmAccumulatorJavaTest {
    @RegisterExtension
    static final FakeLlmServerExtension FAKE = new FakeLlmServerExtension();

    private static final Script SCRIPT = new ScriptBuilder()
            .reasoning("Water runs downhill.")
            .text("Rivers shape valleys over time.")
            .toolCall("call_7", "lookup", "{\"q\":\"longest river\",\"n\":3}", 4)
            .usage(9, 21)
            .build();

    private static final ChatRequest REQUEST =
            ChatRequest.builder().model("test-model").user("Tell me about rivers").maxTokens(100).build();

    private static SluiceLlm llm(Provider provider) {
        SluiceLlm.Builder builder = SluiceLlm.builder(provider).environment(java.util.Collections.emptyMap());
        switch (provider) {
            case ANTHROPIC:
                return builder.baseUrl(FAKE.server().getAnthropicBaseUrl()).apiKey("sk-java-test").build();
            case OLLAMA:
                return builder.baseUrl(FAKE.server().getOllamaBaseUrl()).build();
            case GEMINI:
                return builder.baseUrl(FAKE.server().getGeminiBaseUrl()).apiKey("sk-java-test").build();
            default:
                return builder.baseUrl(FAKE.server().getOpenAiBaseUrl()).apiKey("sk-java-test").build();
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void publisherPlusAccumulatorGivesWhatCompleteGives(Provider provider) throws Exception {
        FAKE.server().enqueue(SCRIPT);
        FAKE.server().enqueue(SCRIPT);
        try (SluiceLlm llm = llm(provider)) {
            LlmAccumulator accumulator = new LlmAccumulator(provider);
            CompletableFuture<LlmResult> fromEvents = new CompletableFuture<>();
            llm.events(REQUEST).publisher().subscribe(new Flow.Subscriber<LlmEvent>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(1);
                }

                @Override
                public void onNext(LlmEvent event) {
                    accumulator.add(event);
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable error) {
                    fromEvents.completeExceptionally(error);
                }

                @Override
                public void onComplete() {
                    fromEvents.complete(accumulator.result());
                }
            });
            LlmResult accumulated = fromEvents.get(20, TimeUnit.SECONDS);
            LlmResult completed = llm.complete(REQUEST).get(20, TimeUnit.SECONDS);
            // The two calls differ only in the ids the fake server numbers per call and in their
            // creation times (whole seconds: the two calls can straddle a second boundary).
            assertEquals(normalized(completed.toProviderJson()), normalized(accumulated.toProviderJson()));
            assertEquals(normalized(completed.getChoices().toString()), normalized(accumulated.getChoices().toString()));
            assertEquals(completed.getUsage(), accumulated.getUsage());
            assertEquals(completed.getModel(), accumulated.getModel());
            assertEquals("Rivers shape valleys over time.", accumulated.getText());
            assertEquals("{\"q\":\"longest river\",\"n\":3}", accumulated.getToolCalls().get(0).getArguments());
            assertTrue(accumulated.isComplete());
            assertNull(accumulated.getMetrics(), "an accumulator fed by hand has no call metrics");
        }
    }

    private static String normalized(String text) {
        return text.replaceAll("fake[-_]\\d+", "fake-N").replaceAll("\"(created|created_at|createdAt)\":\\d+", "\"$1\":0");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void resultBeforeTheStreamCompletedIsAnErrorButSnapshotWorks(Provider provider) {
        LlmAccumulator accumulator = new LlmAccumulator(provider);
        LlmRawEvent raw = new LlmRawEvent("message", "{}");
        accumulator.add(new LlmEvent.TextDelta(0, "partial ", raw));
        accumulator.add(new LlmEvent.TextDelta(0, "answer", raw));
        assertEquals("partial answer", accumulator.snapshot().getText());
        IllegalStateException e = assertThrows(IllegalStateException.class, accumulator::result);
        assertTrue(e.getMessage().contains("StreamCompleted"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void theCapFailsWithTheResultSoFar(Provider provider) {
        LlmAccumulator accumulator = new LlmAccumulator(provider, 10);
        LlmRawEvent raw = new LlmRawEvent("message", "{}");
        accumulator.add(new LlmEvent.TextDelta(0, "0123456789", raw));
        LlmLimitExceededException e = assertThrows(LlmLimitExceededException.class,
                () -> accumulator.add(new LlmEvent.TextDelta(0, "!", raw)));
        assertEquals("0123456789", e.getPartial().getText());
        assertEquals("maxAccumulatedChars", e.getLimitName());
        assertEquals(11, e.getAccumulatedChars());
        assertEquals("0123456789", accumulator.snapshot().getText(), "the refused event is not applied");
    }
}
