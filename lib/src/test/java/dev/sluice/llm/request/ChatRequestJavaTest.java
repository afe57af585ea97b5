package dev.sluice.llm.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kotlinx.serialization.json.Json;
import org.junit.jupiter.api.Test;

/** How a Java caller builds, configures and prepares a request. */
class ChatRequestJavaTest {
    private static final String SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";

    private static void assertSameJson(String expected, String actual) {
        assertEquals(Json.Default.parseToJsonElement(expected), Json.Default.parseToJsonElement(actual));
    }

    private static ChatRequest weatherRequest() {
        return ChatRequest.builder()
                .model("claude-sonnet-4-5")
                .system("Be brief.")
                .user("Weather in Paris?")
                .assistant(null, ToolCall.of("toolu_1", "get_weather", "{\"city\":\"Paris\"}"))
                .toolResult("toolu_1", "18C sunny")
                .tool(Tool.builder("get_weather").description("Current weather").parameters(SCHEMA).build())
                .toolChoice(ToolChoice.function("get_weather"))
                .maxTokens(400)
                .temperature(0.2)
                .stop("END", "STOP")
                .thinkingBudget(1024)
                .extraField("metadata", "{\"user_id\":\"42\"}")
                .build();
    }

    @Test
    void builderRequestPreparesAnthropicCallWithExactBody() {
        Map<String, String> env = new HashMap<>();
        env.put("ANTHROPIC_API_KEY", "sk-ant-java");
        ProviderConfig config = ProviderConfig.builder(Provider.ANTHROPIC).environment(env).build();

        PreparedCall call = config.prepare(weatherRequest());

        assertEquals("https://api.anthropic.com/v1/messages", call.getUrl());
        assertEquals("sk-ant-java", call.getHeaders().get("x-api-key"));
        assertEquals("2023-06-01", call.getHeaders().get("anthropic-version"));
        assertEquals(StreamFormat.SSE, call.getStreamFormat());
        assertTrue(call.isStream());
        assertSameJson("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":400,\"system\":\"Be brief.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
                + "\"input\":{\"city\":\"Paris\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"18C sunny\"}]}],"
                + "\"tools\":[{\"name\":\"get_weather\",\"description\":\"Current weather\",\"input_schema\":" + SCHEMA + "}],"
                + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_weather\"},"
                + "\"temperature\":0.2,\"stop_sequences\":[\"END\",\"STOP\"],"
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                + "\"stream\":true,\"metadata\":{\"user_id\":\"42\"}}", call.getBody());
        assertFalse(call.toString().contains("sk-ant-java"));
    }

    @Test
    void sameRequestGoesToOpenAiChatWithoutAnthropicOnlyOptions() {
        ChatRequest forOpenAi = ChatRequest.builder()
                .model("gpt-4o-mini")
                .messages(weatherRequest().getMessages())
                .tools(weatherRequest().getTools())
                .n(2)
                .includeUsage(false)
                .build();
        ProviderConfig config = ProviderConfig.builder(Provider.OPENAI_CHAT)
                .environment(name -> name.equals("OPENAI_API_KEY") ? "sk-java" : null)
                .header("OpenAI-Organization", "org-1")
                .build();

        PreparedCall call = config.prepare(forOpenAi);

        assertEquals("https://api.openai.com/v1/chat/completions", call.getUrl());
        assertEquals("Bearer sk-java", call.getHeaders().get("Authorization"));
        assertEquals("org-1", call.getHeaders().get("OpenAI-Organization"));
        assertSameJson("{\"model\":\"gpt-4o-mini\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"toolu_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"toolu_1\",\"content\":\"18C sunny\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Current weather\","
                + "\"parameters\":" + SCHEMA + "}}],\"n\":2,\"stream\":true}", call.getBody());
    }

    @Test
    void anthropicOnlyOptionFailsForOpenAiWithAMessage() {
        ProviderConfig config = ProviderConfig.builder(Provider.OPENAI_CHAT).apiKey("sk").build();
        LlmRequestException e = assertThrows(LlmRequestException.class, () -> config.prepare(weatherRequest()));
        assertTrue(e.getMessage().contains("thinking budget"), e.getMessage());
    }

    @Test
    void gettersAndToBuilderRoundTrip() {
        ChatRequest request = weatherRequest();
        assertEquals("claude-sonnet-4-5", request.getModel());
        assertEquals(List.of("END", "STOP"), request.getStop());
        assertEquals(Integer.valueOf(1024), request.getThinkingBudget());
        assertEquals(Role.TOOL, request.getMessages().get(3).getRole());
        assertEquals("toolu_1", request.getMessages().get(3).getToolCallId());
        assertEquals("get_weather", request.getMessages().get(2).getToolCalls().get(0).getName());
        assertEquals(ToolChoice.Type.FUNCTION, request.getToolChoice().getType());
        assertEquals(request, request.toBuilder().build());
        ChatRequest next = request.toBuilder().assistant("It is 18C.").user("Thanks").build();
        assertEquals(6, next.getMessages().size());
        assertEquals(4, request.getMessages().size());
        assertThrows(UnsupportedOperationException.class, () -> request.getMessages().add(Message.user("x")));
    }

    @Test
    void ollamaConfigNeedsNothing() {
        PreparedCall call = ProviderConfig.builder(Provider.OLLAMA).environment(new HashMap<>()).build()
                .prepare(ChatRequest.builder().model("llama3.2").user("hi").build());
        assertEquals("http://localhost:11434/api/chat", call.getUrl());
        assertEquals(StreamFormat.NDJSON, call.getStreamFormat());
        assertFalse(call.getHeaders().containsKey("Authorization"));
    }
}
