package dev.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit as a Java user writes it: no Companion, no Kt classes, no Kotlin lambdas. */
@Timeout(30)
class JavaCallSiteTest {
    @RegisterExtension
    static final FakeLlmServerExtension fake = new FakeLlmServerExtension();

    @Test
    void builderScriptAndRecordedRequest() throws IOException {
        FakeLlmServer server = fake.server();
        Script script = new ScriptBuilder()
                .reasoning("Thinking.", "sig")
                .text("Hello from Java")
                .toolCall("call_1", "lookup", "{\"q\":\"java\"}")
                .usage(5, 7)
                .finishReason(FinishReason.TOOL_CALLS)
                .timeToFirstToken(Duration.ZERO)
                .tokenDelay(Duration.ofMillis(1))
                .fault(null)
                .build();
        server.enqueue(script);
        server.on(request -> "secret".equals(request.lastUserMessage()), Scripts.textScript("matched"));

        String body = post(server.getAnthropicBaseUrl() + "/v1/messages",
                "{\"model\":\"claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertTrue(body.contains("event: message_stop"), body);
        assertEquals("Hello from Java", script.text());
        assertEquals(List.of("Hello", " from", " Java"), script.textTokens());
        ScriptedToolCall call = script.toolCalls().get(0);
        assertEquals("call_1", call.getId());
        assertEquals("lookup", call.getName());
        assertEquals("{\"q\":\"java\"}", call.getArguments());
        RecordedRequest request = server.lastRequest();
        assertEquals(WireFormat.ANTHROPIC, request.getFormat());
        assertEquals("hi", request.lastUserMessage());
        assertEquals("claude", request.model());
        assertTrue(post(server.getOpenAiBaseUrl() + "/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"secret\"}]}").contains("matched"));
    }

    @Test
    void faultsAndDefaultsFromJava() throws IOException {
        Fault[] faults = {
            new Fault.HttpError(503),
            new Fault.HttpError(429, "rate_limit_error", "slow", Duration.ofSeconds(1)),
            new Fault.StreamError(2),
            new Fault.DropConnection(1),
            new Fault.Stall(1, Duration.ofMillis(1)),
            new Fault.DelayHeaders(Duration.ZERO),
        };
        assertEquals(6, faults.length);
        assertEquals("You said: x. Here is a short answer from the Sluice fake server.", Scripts.defaultReplyText("x"));
        assertEquals(Scripts.defaultReplyText("x"), Scripts.defaultReply("x").text());
        assertEquals(List.of("a", " b"), Scripts.wordTokensOf("a b"));
        try (FakeLlmServer own = new FakeLlmServer().start()) {
            own.enqueue(new ScriptBuilder().fault(faults[0]).build());
            assertTrue(own.getOpenAiBaseUrl().startsWith("http://127.0.0.1:"));
            assertEquals(0, own.activeStreams());
            assertTrue(own.awaitActiveStreams(0, Duration.ofMillis(10)));
        }
    }

    private static String post(String url, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setReadTimeout(5_000);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = connection.getInputStream()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }
}
