package dev.sluice.samples.llm;

import dev.sluice.http.RetryPolicy;
import dev.sluice.llm.LlmHttpException;
import dev.sluice.llm.LlmResult;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.testkit.FakeLlmServer;
import dev.sluice.testkit.Fault;
import dev.sluice.testkit.ScriptBuilder;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Java: retries and timeouts on the builder. Rate limited once (HTTP 429 with OpenAI's
 * {@code retry-after-ms: 200}), then answered; then rate limited for longer than the policy waits, which fails at once
 * naming the server's delay.
 */
public final class LlmRetryJavaSample {
    /** Retries and timeouts on the Java builder. */
    static SluiceLlm client(String baseUrl) {
        // snippet:begin llm-retry-java
        SluiceLlm llm = SluiceLlm.builder(Provider.ANTHROPIC).baseUrl(baseUrl).apiKey("sk-sample")
                .retryPolicy(new RetryPolicy().withMaxRetries(4).withMaxRetryAfter(Duration.ofSeconds(30)))
                .firstTokenTimeout(Duration.ofMinutes(2)).idleTimeout(Duration.ofSeconds(30))
                .build();
        // snippet:end
        return llm;
    }

    public static void main(String[] args) {
        try (FakeLlmServer fake = new FakeLlmServer().start();
             SluiceLlm llm = client(fake.getAnthropicBaseUrl())) {
            fake.enqueue(new ScriptBuilder().fault(new Fault.HttpError(429).withRetryAfterMillis(200)).build(),
                    new ScriptBuilder().text("Rivers carry water to the sea.").build(),
                    new ScriptBuilder().fault(new Fault.HttpError(429).withRetryAfterSeconds(3600)).build());
            ChatRequest request = ChatRequest.builder().model("claude-3-5-haiku-latest").user("Tell me about rivers").build();
            LlmResult result = llm.complete(request).join();
            System.out.println(result.getText() + " (retries: " + result.getMetrics().getRetries() + ")");
            try {
                llm.complete(request).join();
            } catch (CompletionException e) {
                LlmHttpException http = (LlmHttpException) e.getCause();
                System.out.println("HTTP " + http.getStatus() + ", retry after " + http.getRetryAfter() + ", attempts " + http.getAttempts());
            }
        }
    }
}
