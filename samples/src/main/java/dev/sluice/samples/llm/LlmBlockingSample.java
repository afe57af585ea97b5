package dev.sluice.samples.llm;

import dev.sluice.llm.LlmBlockingStream;
import dev.sluice.llm.LlmEvent;
import dev.sluice.llm.LlmEventVisitor;
import dev.sluice.llm.LlmResult;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.testkit.FakeLlmServer;

/**
 * An LLM answer's events on a plain thread: iterate them as they arrive, then read the final
 * message (text, tool calls, usage, metrics). Closing the stream early closes the connection.
 */
public final class LlmBlockingSample {
    public static void main(String[] args) {
        try (FakeLlmServer fake = new FakeLlmServer().start();
             SluiceLlm llm = SluiceLlm.builder(Provider.ANTHROPIC).baseUrl(fake.getAnthropicBaseUrl()).build()) {
            // snippet:begin llm-blocking-request
            ChatRequest request = ChatRequest.builder()
                    .model("claude-3-5-haiku-latest")
                    .system("Answer briefly.")
                    .user("Tell me about rivers")
                    .maxTokens(300)
                    .build();
            // snippet:end
            // snippet:begin llm-blocking
            // Handles the kinds it overrides; LlmEventVisitor itself (no Default) makes every kind
            // a compile-time obligation.
            LlmEventVisitor<Void> printer = new LlmEventVisitor.Default<Void>(null) {
                @Override
                public Void textDelta(LlmEvent.TextDelta event) {
                    System.out.print(event.getText());
                    return null;
                }

                @Override
                public Void toolCallCompleted(LlmEvent.ToolCallCompleted event) {
                    System.out.println("[tool call " + event.getName() + "]");
                    return null;
                }
            };
            try (LlmBlockingStream events = llm.blocking(request)) {
                for (LlmEvent event : events) {
                    event.accept(printer);
                }
                LlmResult result = events.result();
                System.out.println();
                System.out.println("stop reason: " + result.getChoices().get(0).getFinishReason() + " (" + result.getChoices().get(0).getRawFinishReason() + ")");
                System.out.println("usage: " + result.getUsage());
                System.out.println("time to first token: " + result.getMetrics().getTimeToFirstToken());
            }
            // snippet:end
        }
    }
}
