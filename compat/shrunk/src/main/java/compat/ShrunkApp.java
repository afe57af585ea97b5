package compat;

import dev.sluice.llm.LlmBlockingStream;
import dev.sluice.llm.LlmEvent;
import dev.sluice.llm.LlmEventVisitor;
import dev.sluice.llm.LlmFinishReason;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;

/** Streams one answer from the OpenAI-style base URL in args[0]; exits 1 unless text and finish arrive. */
public final class ShrunkApp {
    public static void main(String[] args) {
        StringBuilder text = new StringBuilder();
        LlmFinishReason[] finish = {null};
        LlmEventVisitor<Void> visitor = new LlmEventVisitor.Default<Void>(null) {
            @Override
            public Void textDelta(LlmEvent.TextDelta event) {
                text.append(event.getText());
                return null;
            }

            @Override
            public Void finished(LlmEvent.Finished event) {
                finish[0] = event.getFinishReason();
                return null;
            }
        };
        try (SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT).baseUrl(args[0]).apiKey("k").build();
             LlmBlockingStream events = llm.blocking(ChatRequest.builder().model("m").user("hello").build())) {
            for (LlmEvent event : events) event.accept(visitor);
            System.out.println("shrunk consumer: text='" + text + "' finish=" + finish[0]
                    + " tokens=" + events.result().getUsage());
        }
        if (text.length() == 0 || finish[0] == null) System.exit(1);
        System.exit(0);
    }
}
