package dev.sluice.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.http.RetryPolicy;
import dev.sluice.http.TimeoutLimit;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.testkit.FakeLlmServerExtension;
import dev.sluice.testkit.Fault;
import dev.sluice.testkit.Script;
import dev.sluice.testkit.ScriptBuilder;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retries and timeouts as a Java caller configures and reads them. */
@Timeout(30)
class LlmRetryJavaTest {
    @RegisterExtension
    static final FakeLlmServerExtension FAKE = new FakeLlmServerExtension();

    private static final Script ANSWER = new ScriptBuilder().text("Rivers run to the sea").build();
    private static final ChatRequest REQUEST = ChatRequest.builder().model("m").user("rivers?").build();

    private static SluiceLlm.Builder builder() {
        return SluiceLlm.builder(Provider.OPENAI_CHAT)
                .environment(Collections.emptyMap())
                .baseUrl(FAKE.server().getOpenAiBaseUrl())
                .apiKey("sk-java");
    }

    @Test
    void aPolicyWithShortDelaysRetriesUntilTheAnswerComes() throws Exception {
        Script busy = ANSWER.toBuilder().fault(new Fault.HttpError(503)).build();
        FAKE.server().enqueue(busy, busy, ANSWER);
        RetryPolicy policy = new RetryPolicy().withMaxRetries(3).withBaseDelay(Duration.ofMillis(1)).withMaxDelay(Duration.ofMillis(5));
        try (SluiceLlm llm = builder().retryPolicy(policy).build()) {
            LlmResult result = llm.complete(REQUEST).get(10, TimeUnit.SECONDS);
            assertEquals("Rivers run to the sea", result.getText());
            assertEquals(2, result.getMetrics().getRetries());
        }
        assertEquals(3, FAKE.server().requestCount());
    }

    @Test
    void anIdleTimeoutNamesItsLimitAndKeepsThePartial() {
        FAKE.server().enqueue(ANSWER.toBuilder().fault(new Fault.Hang(2)).build());
        try (SluiceLlm llm = builder().idleTimeout(Duration.ofMillis(200)).firstTokenTimeout(Duration.ofSeconds(20)).build();
             LlmBlockingStream events = llm.blocking(REQUEST)) {
            LlmTimeoutException e = assertThrows(LlmTimeoutException.class, () -> {
                while (events.hasNext()) events.next();
            });
            assertEquals(TimeoutLimit.IDLE, e.getLimit());
            assertEquals(Duration.ofMillis(200), e.getTimeout());
            assertEquals(1, e.getAttempts());
            assertEquals("Rivers run", e.getPartial().getText());
        }
    }

    @Test
    void aRetryAfterAboveTheCapIsReadableFromJava() {
        FAKE.server().enqueue(ANSWER.toBuilder().fault(new Fault.HttpError(429).withRetryAfterSeconds(90)).build());
        try (SluiceLlm llm = builder().build()) {
            ExecutionException thrown = assertThrows(ExecutionException.class, () -> llm.complete(REQUEST).get(10, TimeUnit.SECONDS));
            LlmHttpException e = assertInstanceOf(LlmHttpException.class, thrown.getCause());
            assertEquals(Duration.ofSeconds(90), e.getRetryAfter());
            assertTrue(e.isRetryable());
            assertEquals(1, e.getAttempts());
        }
    }

    @Test
    void timeoutsUnderOneMillisecondAreRejectedAndNullMeansNone() {
        assertThrows(IllegalArgumentException.class, () -> builder().idleTimeout(Duration.ofNanos(5)));
        assertThrows(IllegalArgumentException.class, () -> builder().firstTokenTimeout(Duration.ZERO));
        try (SluiceLlm llm = builder().idleTimeout(null).totalTimeout(null).firstTokenTimeout(null).retryPolicy(RetryPolicy.none()).build()) {
            assertEquals(Provider.OPENAI_CHAT, llm.provider());
        }
    }
}
