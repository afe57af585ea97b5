package dev.sluice.samples.android;

import dev.sluice.http.OkHttpEngine;
import dev.sluice.llm.LlmResult;
import dev.sluice.llm.SluiceLlm;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.stream.BlockingStream;
import dev.sluice.testkit.FakeLlmServer;
import io.ktor.client.engine.HttpClientEngine;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Streams a chat over OkHttp, as an Android app that already has an {@code OkHttpClient} would:
 * Sluice sends through Ktor's OkHttp engine (add {@code io.ktor:ktor-client-okhttp-jvm}), so the
 * app's connection pool, interceptors and TLS set-up apply. Here against the fake server.
 */
public final class OkHttpEngineSample {
    /** Ktor engines are {@link java.io.Closeable}, whose {@code close()} declares {@link IOException}. */
    public static void main(String[] args) throws IOException {
        try (FakeLlmServer fake = new FakeLlmServer().start()) {
            // snippet:begin okhttp-engine
            OkHttpClient okHttp = new OkHttpClient.Builder()
                    .readTimeout(0, TimeUnit.MILLISECONDS) // Sluice's own idle timeout watches the stream
                    .build();
            try (HttpClientEngine engine = OkHttpEngine.create(okHttp);
                 SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT)
                         .baseUrl(fake.getOpenAiBaseUrl())
                         .engine(engine)
                         .build()) {
                ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("Tell me about rivers").build();
                try (BlockingStream<String> text = llm.text(request).blocking()) {
                    for (String delta : text) {
                        System.out.print(delta);
                    }
                }
                System.out.println();
                LlmResult again = llm.complete(request).join();
                System.out.println("finish: " + again.getChoices().get(0).getFinishReason());
            }
            // snippet:end
            okHttp.dispatcher().executorService().shutdown();
            okHttp.connectionPool().evictAll();
        }
    }
}
