package dev.sluice.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.SluiceException;
import dev.sluice.llm.request.Provider;
import dev.sluice.sse.ServerSentEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How Java code uses the LLM codec: push decoding, switching on kinds, getters, errors. */
class LlmJavaCallSiteTest {
    private static ServerSentEvent sse(String type, String data) {
        return new ServerSentEvent(type, data, null);
    }

    /**
     * Every kind handled without a cast: this anonymous class implements the whole visitor, so a
     * new kind of event fails this file's compilation until it is handled here too.
     */
    private static final class Recorder implements LlmEventVisitor<String> {
        @Override public String streamStarted(LlmEvent.StreamStarted e) { return "started " + e.getId(); }
        @Override public String textDelta(LlmEvent.TextDelta e) { return "text " + e.getText(); }
        @Override public String reasoningDelta(LlmEvent.ReasoningDelta e) { return "reasoning " + e.getText(); }
        @Override public String reasoningSignature(LlmEvent.ReasoningSignature e) { return "signature"; }
        @Override public String refusalDelta(LlmEvent.RefusalDelta e) { return "refusal " + e.getText(); }
        @Override public String toolCallStarted(LlmEvent.ToolCallStarted e) { return "tool " + e.getName(); }
        @Override public String toolCallArgumentsDelta(LlmEvent.ToolCallArgumentsDelta e) { return "args " + e.getDelta(); }
        @Override public String toolCallCompleted(LlmEvent.ToolCallCompleted e) { return "call " + e.getArguments(); }
        @Override public String usage(LlmEvent.Usage e) { return "usage " + e.getUsage().getOutputTokens(); }
        @Override public String finished(LlmEvent.Finished e) { return "finished " + e.getFinishReason() + "/" + e.getRawFinishReason(); }
        @Override public String streamCompleted(LlmEvent.StreamCompleted e) { return "completed"; }
        @Override public String unknown(LlmEvent.Unknown e) { return "unknown"; }
        @Override public String providerEvent(LlmEvent.ProviderEvent e) { return "provider"; }
    }

    @Test
    void javaVisitorHandlesEveryKindWithoutCasts() {
        LlmStreamDecoder decoder = new LlmStreamDecoder(Provider.OPENAI_CHAT);
        List<String> seen = new ArrayList<>();
        String[] chunks = {
            "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\",\"tool_calls\":[{\"index\":0,\"id\":\"t1\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}",
            // Ollama's /v1 ends a tool-calling answer with "stop": the neutral reason is TOOL_CALLS.
            "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "[DONE]",
        };
        List<LlmEvent> all = new ArrayList<>();
        for (String chunk : chunks) all.addAll(decoder.feed(sse("message", chunk)));
        for (LlmEvent event : all) seen.add(event.accept(new Recorder()));
        assertEquals(List.of("started c1", "text Hi", "tool f", "args {}", "call {}", "finished TOOL_CALLS/stop", "completed"), seen);
        assertEquals(LlmFinishReason.TOOL_CALLS, decoder.snapshot().getChoices().get(0).getFinishReason());
        assertEquals("stop", decoder.snapshot().getChoices().get(0).getRawFinishReason());
        LlmEventVisitor<String> onlyText = new LlmEventVisitor.Default<String>("-") {
            @Override public String textDelta(LlmEvent.TextDelta e) { return e.getText(); }
        };
        assertEquals("-", all.get(0).accept(onlyText));
        assertEquals("Hi", all.get(1).accept(onlyText));
    }

    @Test
    void javaSwitchesOnKindAndReadsGetters() {
        LlmStreamDecoder decoder = new LlmStreamDecoder(Provider.OPENAI_CHAT);
        StringBuilder text = new StringBuilder();
        List<String> seen = new ArrayList<>();
        String[] chunks = {
            "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}",
            "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}",
            "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}",
            "[DONE]",
        };
        for (String chunk : chunks) {
            for (LlmEvent event : decoder.feed(sse("message", chunk))) {
                switch (event.getKind()) {
                    case STREAM_STARTED:
                        seen.add("started " + ((LlmEvent.StreamStarted) event).getId());
                        break;
                    case TEXT_DELTA:
                        text.append(((LlmEvent.TextDelta) event).getText());
                        break;
                    case USAGE:
                        seen.add("usage " + ((LlmEvent.Usage) event).getUsage().getOutputTokens());
                        break;
                    case FINISHED:
                        seen.add("finished " + ((LlmEvent.Finished) event).getFinishReason());
                        break;
                    default:
                        seen.add(event.getKind().name());
                }
                assertEquals("message", event.getRaw().getType());
            }
        }
        assertEquals("Hello", text.toString());
        assertEquals(List.of("started c1", "finished STOP", "usage 2", "STREAM_COMPLETED"), seen);
        assertTrue(decoder.isTerminated());
        LlmResult result = decoder.snapshot();
        assertTrue(result.isComplete());
        assertEquals("Hello", result.getText());
        assertEquals("assistant", result.getChoices().get(0).getRole());
        assertEquals(Long.valueOf(5), result.getUsage().getTotalTokens());
        assertTrue(result.toProviderJson().startsWith("{\"id\":\"c1\",\"object\":\"chat.completion\""));
    }

    @Test
    void javaCatchesStreamErrorsWithTheirPartialResult() {
        LlmStreamDecoder decoder = new LlmStreamDecoder(Provider.ANTHROPIC);
        decoder.feed(sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg\",\"model\":\"claude\",\"role\":\"assistant\",\"content\":[]}}"));
        SluiceException e = assertThrows(SluiceException.class, () ->
            decoder.feed(sse("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        LlmStreamException stream = (LlmStreamException) e;
        assertEquals("overloaded_error", stream.getErrorType());
        assertEquals("Overloaded", stream.getProviderMessage());
        assertTrue(stream.isRetryable());
        assertEquals("msg", stream.getPartial().getId());
        assertFalse(stream.getPartial().isComplete());
        assertEquals(Provider.ANTHROPIC, stream.getProvider());
    }

    @Test
    void javaFeedsOllamaLinesAndReadsPartialArguments() {
        LlmStreamDecoder decoder = new LlmStreamDecoder(Provider.OLLAMA);
        decoder.feedLine("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}");
        decoder.feedLine("");
        decoder.feedLine("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"eval_count\":1}");
        assertEquals("Hi", decoder.snapshot().getText());
        assertNull(decoder.snapshot().getUsage().getInputTokens());
        assertEquals("{\"a\":[1]}", PartialJson.complete("{\"a\": [1"));
        assertNull(PartialJson.complete("nope"));
    }
}
