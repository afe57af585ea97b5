package dev.sluice.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.OutputWriteException;
import dev.sluice.llm.LlmEvent;
import dev.sluice.llm.LlmSseEncoder;
import dev.sluice.llm.LlmStreamDecoder;
import dev.sluice.llm.request.Provider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The OutputStream writer as Java code uses it: try-with-resources, unchecked errors, keep-alives. */
@Timeout(20)
class SseWriterJavaTest {
    @Test
    void writesEventsThatAReaderDecodes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SseWriter sse = new SseWriter(out)) {
            sse.retry(Duration.ofSeconds(3));
            sse.data("hello\nworld");
            sse.event("delta", "Hi", "1");
            sse.comment("not an event");
            sse.write(SseEvent.builder().type("done").id("2").data("").build());
        }
        List<String> seen = new ArrayList<>();
        try (SseEventReader events = new SseEventReader(new ByteArrayInputStream(out.toByteArray()))) {
            while (events.hasNext()) {
                ServerSentEvent e = events.next();
                seen.add(e.getType() + "|" + e.getData() + "|" + e.getId());
            }
            assertEquals(Long.valueOf(3000), events.getRetryMillis());
        }
        assertEquals(List.of("message|hello\nworld|null", "delta|Hi|1", "done||2"), seen);
    }

    @Test
    void injectionIsRefusedWithAnUncheckedException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SseEvent("x", "delta\ndata: evil"));
        assertTrue(e.getMessage().contains("event type"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SseEvent("x", null, "1\r"));
    }

    @Test
    void aClientThatWentAwayIsAnOutputWriteException() {
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Connection reset by peer");
            }
        };
        SseWriter sse = new SseWriter(gone);
        OutputWriteException e = assertThrows(OutputWriteException.class, () -> sse.data("x"));
        assertEquals("Connection reset by peer", e.getCause().getMessage());
        sse.close();
    }

    @Test
    void keepAlivesRunOnTheGivenSchedulerUntilClose() throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        CountDownLatch keptAlive = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                if (toString(StandardCharsets.UTF_8).endsWith(": keep-alive\n\n")) keptAlive.countDown();
            }
        };
        try {
            SseWriter sse = new SseWriter(out, Duration.ofMillis(10), scheduler);
            assertTrue(keptAlive.await(10, TimeUnit.SECONDS), "a keep-alive comment after 10 ms of silence");
            sse.close();
            assertTrue(scheduler.getQueue().isEmpty(), "close leaves nothing scheduled");
            assertFalse(scheduler.isShutdown(), "the scheduler stays the caller's");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void relaysAnAnthropicStreamAsOpenAiChunksWithThePushEncoder() {
        String body = "event: message_start\n"
                + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\n"
                + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\n"
                + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Bonjour\"}}\n\n"
                + "event: message_delta\n"
                + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n"
                + "event: message_stop\n"
                + "data: {\"type\":\"message_stop\"}\n\n";
        LlmStreamDecoder upstream = new LlmStreamDecoder(Provider.ANTHROPIC);
        LlmSseEncoder encoder = LlmSseEncoder.forProvider(Provider.OPENAI_CHAT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SseWriter sse = new SseWriter(out);
                SseEventReader events = new SseEventReader(input(body))) {
            while (events.hasNext()) {
                for (LlmEvent event : upstream.feed(events.next())) {
                    for (SseEvent frame : encoder.encode(event)) sse.write(frame);
                }
            }
        }
        LlmStreamDecoder client = new LlmStreamDecoder(Provider.OPENAI_CHAT);
        try (SseEventReader events = new SseEventReader(new ByteArrayInputStream(out.toByteArray()))) {
            while (events.hasNext()) client.feed(events.next());
        }
        assertTrue(client.isTerminated(), "ends with [DONE]");
        assertEquals("Bonjour", client.snapshot().getText());
        assertEquals("stop", client.snapshot().getChoices().get(0).getRawFinishReason());
        assertEquals(Long.valueOf(2), client.snapshot().getUsage().getOutputTokens());
    }

    private static InputStream input(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
