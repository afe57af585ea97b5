package dev.sluice.samples.llm;

import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.stream.BlockingStream;
import dev.sluice.testkit.FakeLlmServer;

/** The answer's text alone, printed as it arrives: the shortest way to stream a chat from Java. */
public final class LlmTextSample {
    public static void main(String[] args) {
        try (FakeLlmServer fake = new FakeLlmServer().start();
             SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_RESPONSES).baseUrl(fake.getOpenAiBaseUrl()).build()) {
            ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("Tell me about rivers").build();
            // snippet:begin llm-text
            try (BlockingStream<String> text = llm.text(request).blocking()) {
                text.forEachRemaining(delta -> {
                    System.out.print(delta);
                    System.out.flush();
                });
            }
            // snippet:end
            System.out.println();
        }
    }
}
