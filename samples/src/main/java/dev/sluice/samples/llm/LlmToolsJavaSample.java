package dev.sluice.samples.llm;

import dev.sluice.llm.LlmFinishReason;
import dev.sluice.llm.LlmResult;
import dev.sluice.llm.LlmToolCall;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.llm.request.ToolCall;
import dev.sluice.testkit.FakeLlmServer;
import dev.sluice.testkit.ScriptBuilder;

/**
 * A tool round trip in Java: define a tool by its JSON schema, read the model's call, send the
 * result back, print the final answer. The fake server plays the model (a call, then an answer).
 */
public final class LlmToolsJavaSample {
    public static void main(String[] args) {
        try (FakeLlmServer fake = new FakeLlmServer().start()) {
            fake.enqueue(new ScriptBuilder().toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}").build(),
                    new ScriptBuilder().text("It is 18 °C in Paris.").build());
            try (SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT).baseUrl(fake.getOpenAiBaseUrl()).apiKey("k").build()) {
                // snippet:begin llm-tools-java
                ChatRequest request = ChatRequest.builder()
                        .model("gpt-4o-mini")
                        .user("What is the weather in Paris?")
                        .tool("get_weather", "Current weather in a city",
                                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")
                        .build();
                LlmResult first = llm.complete(request).join();
                ChatRequest.Builder next = request.toBuilder();
                if (first.getChoices().get(0).getFinishReason() == LlmFinishReason.TOOL_CALLS) {
                    LlmToolCall call = first.getToolCalls().get(0);
                    next.assistant(first.getText(), ToolCall.of(call.getId(), call.getName(), call.getArguments()));
                    // Run the tool with call.getArguments() (JSON text), then answer with its result.
                    next.toolResult(call.getId(), "{\"celsius\":18}");
                }
                LlmResult answer = llm.complete(next.build()).join();
                System.out.println(answer.getText());
                // snippet:end
            }
        }
    }
}
