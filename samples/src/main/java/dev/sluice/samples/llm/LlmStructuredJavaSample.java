package dev.sluice.samples.llm;

import dev.sluice.llm.LlmBlockingStream;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.StructuredOutput;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.ContentPart;
import dev.sluice.llm.request.Provider;
import dev.sluice.llm.request.ResponseSchema;
import dev.sluice.testkit.FakeLlmServer;

/**
 * Java: a structured answer read with the caller's own parser (here a tiny one; use Jackson or
 * Gson), the partial object as JSON text while it streams, and an image in the prompt.
 */
public final class LlmStructuredJavaSample {
    /** What the answer is parsed into. */
    public static final class Weather {
        final String json;

        Weather(String json) {
            this.json = json;
        }

        @Override
        public String toString() {
            return "Weather" + json;
        }
    }

    public static void main(String[] args) throws Exception {
        try (FakeLlmServer fake = new FakeLlmServer().start();
             SluiceLlm llm = SluiceLlm.builder(Provider.ANTHROPIC).baseUrl(fake.getAnthropicBaseUrl()).build()) {
            // snippet:begin llm-structured-java
            ResponseSchema schema = ResponseSchema.of("weather",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"sunny\":{\"type\":\"boolean\"}},"
                    + "\"required\":[\"city\",\"sunny\"],\"additionalProperties\":false}");
            ChatRequest request = ChatRequest.builder()
                .model("claude-sonnet-4-5")
                .user("Weather in Paris?", ContentPart.image(new byte[] {1, 2, 3}, "image/png"))
                .responseSchema(schema)
                .build();

            // While it streams: the partial object as JSON text.
            StructuredOutput out = new StructuredOutput(schema);
            try (LlmBlockingStream events = llm.blocking(request)) {
                while (events.hasNext()) {
                    if (out.add(events.next())) System.out.println("so far: " + out.getPartialJson());
                }
            }
            // At the end: checked against the schema, then your parser (e.g. mapper.readValue(json, Weather.class)).
            Weather weather = out.parse(Weather::new);
            System.out.println("typed: " + weather);

            // Or in one call, as a future.
            Weather again = llm.completeObject(request, Weather::new).get();
            // snippet:end
            System.out.println("again: " + again);
        }
    }
}
