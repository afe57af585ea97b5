package dev.sluice.samples.llm;

import dev.sluice.llm.LlmEvent;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.stream.StreamHandler;
import dev.sluice.testkit.FakeLlmServer;
import java.util.concurrent.CountDownLatch;

/** An LLM answer's events pushed to a handler, for callers who want neither reactive types nor blocking. */
public final class LlmCallbacksSample {
    public static void main(String[] args) throws InterruptedException {
        try (FakeLlmServer fake = new FakeLlmServer().start();
             SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT).baseUrl(fake.getOpenAiBaseUrl()).build()) {
            ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("Tell me about rivers").build();
            CountDownLatch done = new CountDownLatch(1);
            llm.events(request).subscribe(new StreamHandler<LlmEvent>() {
                @Override
                public void onNext(LlmEvent event) {
                    if (event instanceof LlmEvent.TextDelta) System.out.print(((LlmEvent.TextDelta) event).getText());
                }

                @Override
                public void onComplete() {
                    System.out.println();
                    done.countDown();
                }

                @Override
                public void onError(Throwable error) {
                    System.err.println("failed: " + error);
                    done.countDown();
                }
            });
            done.await();
        }
    }
}
