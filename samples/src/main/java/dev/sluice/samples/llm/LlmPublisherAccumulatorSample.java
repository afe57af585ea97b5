package dev.sluice.samples.llm;

import dev.sluice.llm.LlmAccumulator;
import dev.sluice.llm.LlmEvent;
import dev.sluice.llm.LlmResult;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.testkit.FakeLlmServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Render an answer as it streams through a {@link Flow.Publisher} and still get the final message:
 * every event also goes to an {@link LlmAccumulator}, whose {@code result()} at completion is what
 * {@code complete()} would have returned. Runs against the testkit's fake server.
 */
public final class LlmPublisherAccumulatorSample {
    public static void main(String[] args) throws Exception {
        try (FakeLlmServer fake = new FakeLlmServer().start();
             SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT).baseUrl(fake.getOpenAiBaseUrl()).build()) {
            ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("Tell me about rivers").build();
            // snippet:begin llm-publisher-accumulator
            LlmAccumulator accumulator = new LlmAccumulator(Provider.OPENAI_CHAT);
            CompletableFuture<LlmResult> result = new CompletableFuture<>();
            llm.events(request).publisher().subscribe(new Flow.Subscriber<LlmEvent>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(1);
                }

                @Override
                public void onNext(LlmEvent event) {
                    accumulator.add(event);
                    if (event instanceof LlmEvent.TextDelta) System.out.print(((LlmEvent.TextDelta) event).getText());
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable error) {
                    result.completeExceptionally(error);
                }

                @Override
                public void onComplete() {
                    result.complete(accumulator.result());
                }
            });
            LlmResult message = result.get();
            // snippet:end
            System.out.println();
            System.out.println("finish: " + message.getChoices().get(0).getRawFinishReason()
                    + ", output tokens: " + (message.getUsage() == null ? "?" : message.getUsage().getOutputTokens()));
        }
    }
}
