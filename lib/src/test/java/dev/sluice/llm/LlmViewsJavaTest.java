package dev.sluice.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.http.RetryPolicy;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.stream.BlockingStream;
import dev.sluice.stream.Cancellable;
import dev.sluice.stream.StreamHandler;
import dev.sluice.testkit.FakeLlmServer;
import dev.sluice.testkit.FakeLlmServerExtension;
import dev.sluice.testkit.Fault;
import dev.sluice.testkit.Script;
import dev.sluice.testkit.ScriptBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every provider through every Java view of SluiceLlm, over loopback sockets against the fake server. */
@Timeout(30)
class LlmViewsJavaTest {
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

    private static FakeLlmServer fake() {
        return FAKE.server();
    }

    static SluiceLlm llm(Provider provider) {
        SluiceLlm.Builder builder = SluiceLlm.builder(provider).environment(java.util.Collections.emptyMap());
        switch (provider) {
            case ANTHROPIC:
                return builder.baseUrl(fake().getAnthropicBaseUrl()).apiKey("sk-java-test").build();
            case OLLAMA:
                return builder.baseUrl(fake().getOllamaBaseUrl()).build();
            case GEMINI:
                return builder.baseUrl(fake().getGeminiBaseUrl()).apiKey("sk-java-test").build();
            default:
                return builder.baseUrl(fake().getOpenAiBaseUrl()).apiKey("sk-java-test").build();
        }
    }

    /**
     * An answer that never ends on its own: three tokens, then the server sends nothing until the
     * client closes the connection, which it sees at once. A stream gone from the server's count
     * was closed by the view under test, never finished by the server.
     */
    private static Script hangingAfterThree() {
        List<String> tokens = new ArrayList<>();
        for (int i = 1; i <= 200; i++) tokens.add(" w" + i);
        return new ScriptBuilder().tokens(tokens).fault(new Fault.Hang(3)).build();
    }

    private static String text(List<LlmEvent> events) {
        return events.stream()
                .filter(e -> e instanceof LlmEvent.TextDelta)
                .map(e -> ((LlmEvent.TextDelta) e).getText())
                .collect(Collectors.joining());
    }

    private static void assertScripted(LlmResult result) {
        assertTrue(result.isComplete());
        assertEquals(SCRIPT.text(), result.getText());
        assertEquals(SCRIPT.reasoning(), result.getChoices().get(0).getReasoning());
        LlmToolCall call = result.getToolCalls().get(0);
        assertEquals("lookup", call.getName());
        assertEquals("{\"q\":\"longest river\",\"n\":3}", call.getArguments());
        assertEquals(9L, result.getUsage().getInputTokens());
        assertEquals(21L, result.getUsage().getOutputTokens());
        assertNotNull(result.getMetrics().getTimeToFirstToken());
    }

    private static void awaitNoStream() {
        assertTrue(fake().awaitActiveStreams(0, Duration.ofSeconds(5)), "streams still open: " + fake().activeStreams());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void publisherDeliversEveryEventOneRequestAtATime(Provider provider) throws Exception {
        fake().enqueue(SCRIPT);
        List<LlmEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger completions = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (SluiceLlm llm = llm(provider)) {
            llm.events(REQUEST).publisher().subscribe(new Flow.Subscriber<LlmEvent>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(1);
                }

                @Override
                public void onNext(LlmEvent item) {
                    events.add(item);
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable throwable) {
                    error.set(throwable);
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    completions.incrementAndGet();
                    done.countDown();
                }
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
        }
        assertEquals(null, error.get());
        assertEquals(1, completions.get());
        assertEquals(SCRIPT.text(), text(events));
        assertEquals(LlmEventKind.STREAM_STARTED, events.get(0).getKind());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void blockingStreamIteratesThenGivesTheFinalMessage(Provider provider) {
        fake().enqueue(SCRIPT);
        List<LlmEvent> events = new ArrayList<>();
        try (SluiceLlm llm = llm(provider); LlmBlockingStream stream = llm.blocking(REQUEST)) {
            assertThrows(IllegalStateException.class, stream::result);
            while (stream.hasNext()) events.add(stream.next());
            assertScripted(stream.result());
            assertEquals(stream.result().getText(), stream.snapshot().getText());
        }
        assertEquals(SCRIPT.text(), text(events));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void callbacksReceiveEveryEventThenCompleteOnce(Provider provider) throws Exception {
        fake().enqueue(SCRIPT);
        List<LlmEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger completions = new AtomicInteger();
        try (SluiceLlm llm = llm(provider)) {
            llm.events(REQUEST).subscribe(new StreamHandler<LlmEvent>() {
                @Override
                public void onNext(LlmEvent item) {
                    events.add(item);
                }

                @Override
                public void onComplete() {
                    completions.incrementAndGet();
                    done.countDown();
                }

                @Override
                public void onError(Throwable error) {
                    done.countDown();
                }
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
        }
        assertEquals(1, completions.get());
        assertEquals(SCRIPT.text(), text(events));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void completeFutureIsTheScriptedMessage(Provider provider) throws Exception {
        fake().enqueue(SCRIPT);
        try (SluiceLlm llm = llm(provider)) {
            assertScripted(llm.complete(REQUEST).get(10, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void textViewsAreTheTextDeltasAlone(Provider provider) throws Exception {
        fake().enqueue(SCRIPT, SCRIPT);
        try (SluiceLlm llm = llm(provider)) {
            assertEquals(SCRIPT.textTokens(), llm.text(REQUEST).toList().get(10, TimeUnit.SECONDS));
            List<String> seen = new ArrayList<>();
            try (BlockingStream<String> text = llm.text(REQUEST).blocking()) {
                text.forEachRemaining(seen::add);
            }
            assertEquals(SCRIPT.textTokens(), seen);
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void cancellingTheFutureClosesTheConnection(Provider provider) throws Exception {
        fake().enqueue(hangingAfterThree());
        try (SluiceLlm llm = llm(provider)) {
            CompletableFuture<LlmResult> future = llm.complete(REQUEST);
            assertTrue(fake().awaitActiveStreams(1, Duration.ofSeconds(5)));
            assertTrue(future.cancel(true));
            assertThrows(CancellationException.class, future::join);
            awaitNoStream();
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void closingTheBlockingStreamMidAnswerClosesTheConnection(Provider provider) {
        fake().enqueue(hangingAfterThree());
        try (SluiceLlm llm = llm(provider)) {
            LlmBlockingStream stream = llm.blocking(REQUEST);
            int texts = 0;
            while (texts < 3 && stream.hasNext()) {
                if (stream.next() instanceof LlmEvent.TextDelta) texts++;
            }
            stream.close();
            assertFalse(stream.hasNext());
            assertThrows(IllegalStateException.class, stream::result);
            assertTrue(stream.snapshot().getText().startsWith(" w1 w2 w3"), stream.snapshot().getText());
            awaitNoStream();
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void cancellingThePublisherOrTheCallbacksClosesTheConnection(Provider provider) throws Exception {
        fake().enqueue(hangingAfterThree(), hangingAfterThree());
        try (SluiceLlm llm = llm(provider)) {
            CountDownLatch three = new CountDownLatch(3);
            llm.text(REQUEST).publisher().subscribe(new Flow.Subscriber<String>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String item) {
                    three.countDown();
                    if (three.getCount() == 0) subscription.cancel();
                }

                @Override
                public void onError(Throwable throwable) {}

                @Override
                public void onComplete() {}
            });
            assertTrue(three.await(10, TimeUnit.SECONDS));
            awaitNoStream();

            CountDownLatch first = new CountDownLatch(1);
            Cancellable handle = llm.text(REQUEST).subscribe(item -> first.countDown());
            assertTrue(first.await(10, TimeUnit.SECONDS));
            handle.cancel();
            awaitNoStream();
        }
    }

    @Test
    void httpStatusErrorFailsTheFutureWithTheTypedError() {
        fake().enqueue(SCRIPT.toBuilder().fault(new Fault.HttpError(503, "server_error", "try later")).build());
        try (SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT).environment(java.util.Collections.emptyMap())
                .baseUrl(fake().getOpenAiBaseUrl()).apiKey("sk-java-test").retryPolicy(RetryPolicy.none()).build()) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> llm.complete(REQUEST).get(10, TimeUnit.SECONDS));
            LlmHttpException http = assertInstanceOf(LlmHttpException.class, e.getCause());
            assertEquals(503, http.getStatus());
            assertEquals("server_error", http.getErrorType());
            assertEquals("try later", http.getProviderMessage());
            assertTrue(http.isRetryable());
            assertEquals(1, http.getAttempts());
        }
    }

    @Test
    void inStreamErrorIsThrownFromTheIteratorWithThePartialResult() {
        fake().enqueue(new ScriptBuilder().text("alpha beta gamma").fault(new Fault.StreamError(2, "overloaded_error", "busy")).build());
        List<String> seen = new ArrayList<>();
        try (SluiceLlm llm = llm(Provider.ANTHROPIC); LlmBlockingStream stream = llm.blocking(REQUEST)) {
            LlmStreamException e = assertThrows(LlmStreamException.class, () -> {
                while (stream.hasNext()) {
                    LlmEvent event = stream.next();
                    if (event instanceof LlmEvent.TextDelta) seen.add(((LlmEvent.TextDelta) event).getText());
                }
            });
            assertEquals("overloaded_error", e.getErrorType());
            assertTrue(e.isRetryable());
            assertEquals("alpha beta", e.getPartial().getText());
            assertEquals(List.of("alpha", " beta"), seen);
            assertThrows(IllegalStateException.class, stream::result);
        }
    }

    @Test
    void metricsListenerOfTheBuilderHearsEveryCall() throws Exception {
        fake().enqueue(SCRIPT);
        List<dev.sluice.metrics.StreamMetrics> heard = new CopyOnWriteArrayList<>();
        try (SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT)
                .baseUrl(fake().getOpenAiBaseUrl())
                .environment(java.util.Collections.emptyMap())
                .connectTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(10))
                .metricsListener(dev.sluice.metrics.MetricsListener.onComplete(heard::add))
                .build()) {
            LlmResult result = llm.complete(REQUEST).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(result.getMetrics()), heard);
            assertTrue(result.getMetrics().getBytesRead() > 0);
            assertTrue(result.getMetrics().getRequestId().startsWith("req_fake_"));
        }
    }
}
