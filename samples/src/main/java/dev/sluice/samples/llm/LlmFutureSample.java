package dev.sluice.samples.llm;

import dev.sluice.llm.LlmHttpException;
import dev.sluice.llm.LlmResult;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.metrics.MetricsListener;
import dev.sluice.testkit.FakeLlmServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The final message as a {@link CompletableFuture}, with the stream's metrics; callbacks on the
 * events of the same answer through {@code subscribe}. {@code cancel(true)} would close the
 * connection.
 */
public final class LlmFutureSample {
    public static void main(String[] args) {
        try (FakeLlmServer fake = new FakeLlmServer().start();
             SluiceLlm llm = SluiceLlm.builder(Provider.OLLAMA)
                     .baseUrl(fake.getOllamaBaseUrl())
                     .metricsListener(MetricsListener.onComplete(m -> System.out.println("metrics: " + m)))
                     .build()) {
            ChatRequest request = ChatRequest.builder().model("llama3.2").user("Tell me about rivers").build();
            // snippet:begin llm-future
            CompletableFuture<LlmResult> answer = llm.complete(request); // cancel(true) closes the connection
            // snippet:end
            try {
                LlmResult result = answer.join();
                System.out.println(result.getText());
                System.out.println("output tokens: " + result.getUsage().getOutputTokens());
            } catch (CompletionException e) {
                if (e.getCause() instanceof LlmHttpException) {
                    LlmHttpException http = (LlmHttpException) e.getCause();
                    System.err.println("HTTP " + http.getStatus() + " " + http.getErrorType() + ": " + http.getProviderMessage());
                } else {
                    throw e;
                }
            }
        }
    }
}
