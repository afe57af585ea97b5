package dev.sluice.bench;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.sluice.llm.LlmResult;
import dev.sluice.llm.LlmStreamDecoder;
import dev.sluice.llm.request.Provider;
import dev.sluice.sse.SseDecoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes in, typed events out, the accumulated final message at the end: Sluice's push decoder and
 * LLM decoder against the official SDK of the input's provider (its streaming call over an HTTP
 * client that returns the bytes, and its accumulator). One operation is the whole stream.
 * {@code sluice} runs on every input; {@code officialSdk} is openai-java for the OpenAI inputs and
 * anthropic-java for the Anthropic one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LlmDecodeBench {
    @Param({"openai-chat", "obfuscated", "anthropic-tool-use"})
    public String input;

    private byte[] bytes;
    private List<byte[]> reads;
    private Provider provider;
    private OpenAIClient openAi;
    private AnthropicClient anthropic;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = Inputs.build(input, Inputs.targetBytes());
        reads = Inputs.split(bytes, Inputs.READ_BYTES);
        provider = input.startsWith("anthropic") ? Provider.ANTHROPIC : Provider.OPENAI_CHAT;
        openAi = InMemoryPeers.openAi(bytes);
        anthropic = InMemoryPeers.anthropic(bytes);
    }

    @Benchmark
    public Object sluice() {
        LlmStreamDecoder llm = new LlmStreamDecoder(provider);
        SseDecoder sse = new SseDecoder(llm::feed);
        for (byte[] read : reads) sse.feed(read, 0, read.length);
        sse.end();
        llm.end();
        LlmResult result = llm.snapshot();
        return result;
    }

    @Benchmark
    public Object officialSdk() {
        return provider == Provider.ANTHROPIC ? anthropicJava() : openAiJava();
    }

    private ChatCompletion openAiJava() {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
            .model("gpt-4o").addUserMessage("bench").build();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
                 openAi.chat().completions().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.chatCompletion();
    }

    private Message anthropicJava() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        MessageCreateParams params = MessageCreateParams.builder()
            .model("claude-sonnet-4-20250514").maxTokens(1024).addUserMessage("bench").build();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }
}
