package dev.sluice.samples.llm;

import dev.sluice.llm.LlmEvent;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.testkit.FakeLlmServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;

/**
 * An LLM answer's events through a {@link Flow.Publisher} with real demand: the subscriber asks
 * for one event at a time, and nothing more is read from the socket until it asks again.
 * Runs against the testkit's fake server; for OpenAI drop {@code baseUrl} and set OPENAI_API_KEY.
 */
public final class LlmEventsPublisherSample {
    public static void main(String[] args) throws InterruptedException {
        try (FakeLlmServer fake = new FakeLlmServer().start();
             SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT).baseUrl(fake.getOpenAiBaseUrl()).build()) {
            ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("Tell me about rivers").build();
            CountDownLatch done = new CountDownLatch(1);
            llm.events(request).publisher().subscribe(new Flow.Subscriber<LlmEvent>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(1);
                }

                @Override
                public void onNext(LlmEvent event) {
                    if (event instanceof LlmEvent.TextDelta) System.out.print(((LlmEvent.TextDelta) event).getText());
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable error) {
                    System.err.println("failed: " + error);
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    System.out.println();
                    done.countDown();
                }
            });
            done.await();
        }
    }
}
