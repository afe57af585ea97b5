package dev.sluice.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.ContentPart;
import dev.sluice.llm.request.Provider;
import dev.sluice.llm.request.ResponseSchema;
import dev.sluice.testkit.FakeLlmServer;
import dev.sluice.testkit.ScriptBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Structured output, content parts and rate limits from Java call sites, against the fake server. */
@Timeout(30)
class LlmFeaturesJavaTest {
    private static final ResponseSchema SCHEMA = ResponseSchema.of("point",
        "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"},\"y\":{\"type\":\"integer\"}},"
            + "\"required\":[\"x\",\"y\"],\"additionalProperties\":false}");

    /** The caller's own parser (Jackson or Gson in real code). */
    private static int[] parsePoint(String json) {
        String digits = json.replaceAll("[^0-9,]", "");
        String[] parts = digits.split(",");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    @Test
    void partialJsonGrowsAndTheCallersParserGetsTheFinalText() throws Exception {
        try (FakeLlmServer fake = new FakeLlmServer().start();
             SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT).baseUrl(fake.getOpenAiBaseUrl()).apiKey("sk-test-1234567890").build()) {
            fake.enqueue(new ScriptBuilder().tokens("{\"x\":", " 3,", " \"y\"", ": 4}").header("x-ratelimit-remaining-requests", "41").build());
            ChatRequest request = ChatRequest.builder().model("m")
                .user("Where?", ContentPart.image(new byte[] {1, 2, 3}, "image/png"))
                .responseSchema(SCHEMA).build();
            StructuredOutput out = new StructuredOutput(SCHEMA);
            List<String> partials = new ArrayList<>();
            LlmResult result;
            try (LlmBlockingStream events = llm.blocking(request)) {
                while (events.hasNext()) {
                    LlmEvent event = events.next();
                    if (event instanceof LlmEvent.StreamStarted) {
                        assertEquals(41L, ((LlmEvent.StreamStarted) event).getResponse().getRateLimits().getRequests().getRemaining());
                    }
                    if (out.add(event)) partials.add(out.getPartialJson());
                }
                result = events.result();
            }
            assertEquals(List.of("{}", "{\"x\":3}", "{\"x\":3}", "{\"x\":3,\"y\":4}"), partials);
            int[] point = out.parse(LlmFeaturesJavaTest::parsePoint);
            assertEquals(3, point[0]);
            assertEquals(4, point[1]);
            assertEquals(200, result.getResponse().getStatus());
            assertTrue(fake.lastRequest().getBody().contains("\"image_url\":{\"url\":\"data:image/png;base64,AQID\"}"));
        }
    }

    @Test
    void completeObjectFailsWithTheSchemaErrorNamingThePath() throws Exception {
        try (FakeLlmServer fake = new FakeLlmServer().start();
             SluiceLlm llm = SluiceLlm.builder(Provider.ANTHROPIC).baseUrl(fake.getAnthropicBaseUrl()).apiKey("sk-test-1234567890").build()) {
            ChatRequest request = ChatRequest.builder().model("m").user("Where?").responseSchema(SCHEMA).build();
            fake.enqueue(new ScriptBuilder().text("{\"x\": 3, \"y\": 4}").build());
            int[] point = llm.completeObject(request, LlmFeaturesJavaTest::parsePoint).get();
            assertEquals(4, point[1]);

            fake.enqueue(new ScriptBuilder().text("{\"x\": 3, \"y\": \"four\"}").build());
            ExecutionException e = assertThrows(ExecutionException.class, () -> llm.completeObject(request, LlmFeaturesJavaTest::parsePoint).get());
            LlmSchemaException schemaError = assertInstanceOf(LlmSchemaException.class, e.getCause());
            assertEquals("$.y", schemaError.getPath());
            assertNotNull(schemaError.getJson());
        }
    }
}
