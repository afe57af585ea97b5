package dev.sluice.samples.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.llm.LlmHttpException;
import dev.sluice.llm.LlmResult;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.testkit.FakeLlmServer;
import dev.sluice.testkit.Fault;
import dev.sluice.testkit.ScriptBuilder;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A test written with the testkit, as a user writes one (the README's "Testkit" snippet). */
@Timeout(30)
class TestkitSampleTest {
    @Test
    void scriptedAnswerThenAnHttpError() {
        ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("Hi").build();
        // snippet:begin testkit
        try (FakeLlmServer server = new FakeLlmServer().start();
             SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT)
                     .baseUrl(server.getOpenAiBaseUrl()).apiKey("sk-test").build()) {
            server.enqueue(new ScriptBuilder().text("Hello there").usage(10, 2).build(),
                           new ScriptBuilder().fault(new Fault.HttpError(401)).build());
            LlmResult result = llm.complete(request).join();
            assertEquals("Hello there", result.getText());
            assertEquals("Bearer sk-test", server.lastRequest().header("Authorization"));
            CompletionException e = assertThrows(CompletionException.class, () -> llm.complete(request).join());
            assertEquals(401, assertInstanceOf(LlmHttpException.class, e.getCause()).getStatus());
        }
        // snippet:end
    }
}
