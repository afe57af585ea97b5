package dev.sluice.bench;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamClosedByServerException;
import com.launchdarkly.eventsource.StreamException;
import com.launchdarkly.logging.LDLogger;
import dev.sluice.sse.ServerSentEvent;
import dev.sluice.sse.SseDecoder;
import dev.sluice.sse.SseEventReader;
import dev.sluice.sse.SseViewDecoder;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.BufferedSource;
import okio.Okio;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * SSE framing: the same bytes through Sluice's framing entry points and the peers. Each
 * event's data is materialised as a String (the length is summed so nothing is dead code), but for
 * Sluice's zero-copy row, which reads the data as a byte view (its byte count is summed); one
 * operation is the whole input. Streams are read in 8 KiB pieces (the push decoder and the Flow get
 * the input pre-split; the InputStream readers read a ByteArrayInputStream with their own buffers).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SseFramingBench {
    @Param({"openai-chat", "obfuscated", "anthropic-tool-use", "large-64k", "crlf"})
    public String input;

    private byte[] bytes;
    private List<byte[]> reads;
    private final byte[] readBuffer = new byte[Inputs.READ_BYTES];
    private io.ktor.client.HttpClient ktor;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = Inputs.build(input, Inputs.targetBytes());
        reads = Inputs.split(bytes, Inputs.READ_BYTES);
        ktor = KotlinDrivers.ktorClient(bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ktor.close();
    }

    @Benchmark
    public long sluicePush() {
        long[] chars = {0};
        SseDecoder decoder = new SseDecoder(event -> chars[0] += event.getData().length());
        for (byte[] read : reads) decoder.feed(read, 0, read.length);
        decoder.end();
        return chars[0];
    }

    /** The zero-copy mode: each event's data as a byte view, no String (sums the data bytes). */
    @Benchmark
    public long sluiceZeroCopy() {
        long[] bytes = {0};
        SseViewDecoder decoder = new SseViewDecoder(event -> bytes[0] += event.data().remaining());
        for (byte[] read : reads) decoder.feed(read, 0, read.length);
        decoder.end();
        return bytes[0];
    }

    /**
     * The zero-copy mode fed as a socket reader feeds it: each read copied into one reused 8 KiB
     * buffer first (as {@code ByteReadChannel.decodeSse} and the InputStream readers read), so the
     * decoder sees one array, not a new one per read. The buffer is made once, like the other
     * rows' input arrays, so only the decoder's allocation is counted. Context for the row above,
     * not a target.
     */
    @Benchmark
    public long sluiceZeroCopyReusedRead() {
        long[] bytes = {0};
        SseViewDecoder decoder = new SseViewDecoder(event -> bytes[0] += event.data().remaining());
        byte[] buffer = readBuffer;
        for (byte[] read : reads) {
            System.arraycopy(read, 0, buffer, 0, read.length);
            decoder.feed(buffer, 0, read.length);
        }
        decoder.end();
        return bytes[0];
    }

    @Benchmark
    public long sluiceFlow() {
        return KotlinDrivers.sluiceFlow(reads);
    }

    @Benchmark
    public long sluiceReader() {
        long chars = 0;
        try (SseEventReader events = new SseEventReader(new ByteArrayInputStream(bytes))) {
            while (events.hasNext()) {
                ServerSentEvent event = events.next();
                chars += event.getData().length();
            }
        }
        return chars;
    }

    @Benchmark
    public long okhttpSse() throws java.io.IOException {
        long[] chars = {0};
        BufferedSource source = Okio.buffer(Okio.source(new ByteArrayInputStream(bytes)));
        ServerSentEventReader reader = new ServerSentEventReader(source, new ServerSentEventReader.Callback() {
            @Override
            public void onEvent(String id, String type, String data) {
                chars[0] += data.length();
            }

            @Override
            public void onRetryChange(long timeMs) {
            }
        });
        while (reader.processNextEvent()) {
            // reads to the end
        }
        return chars[0];
    }

    @Benchmark
    public long okhttpEventsource() throws Exception {
        long chars = 0;
        EventSource events = new EventSource.Builder(new InMemoryConnect(bytes))
            .errorStrategy(ErrorStrategy.alwaysThrow())
            .build();
        try {
            while (true) {
                MessageEvent event = events.readMessage();
                chars += event.getData().length();
            }
        } catch (StreamClosedByServerException endOfInput) {
            return chars;
        } finally {
            events.close();
        }
    }

    @Benchmark
    public long ktorSse() {
        return KotlinDrivers.ktorSse(ktor);
    }

    /** LaunchDarkly's connection strategy, answering with the in-memory bytes instead of HTTP. */
    static final class InMemoryConnect extends ConnectStrategy {
        private final byte[] bytes;

        InMemoryConnect(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public Client createClient(LDLogger logger) {
            return new Client() {
                @Override
                public Result connect(String lastEventId) throws StreamException {
                    return new Result(new ByteArrayInputStream(bytes), URI.create("http://bench.invalid/"), null);
                }

                @Override
                public boolean awaitClosed(long timeoutMillis) {
                    return true;
                }

                @Override
                public URI getOrigin() {
                    return URI.create("http://bench.invalid/");
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
