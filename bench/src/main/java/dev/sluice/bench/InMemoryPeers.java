package dev.sluice.bench;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientImpl;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * The official SDKs wired to an HTTP client that answers every request with the same in-memory
 * body, so their whole streaming path (SSE handler, Jackson, typed chunks) runs but no socket does.
 */
final class InMemoryPeers {
    private InMemoryPeers() {
    }

    static OpenAIClient openAi(byte[] body) {
        com.openai.core.http.HttpClient http = new com.openai.core.http.HttpClient() {
            @Override
            public com.openai.core.http.HttpResponse execute(
                    com.openai.core.http.HttpRequest request, com.openai.core.RequestOptions options) {
                return openAiResponse(body);
            }

            @Override
            public CompletableFuture<com.openai.core.http.HttpResponse> executeAsync(
                    com.openai.core.http.HttpRequest request, com.openai.core.RequestOptions options) {
                return CompletableFuture.completedFuture(openAiResponse(body));
            }

            @Override
            public void close() {
            }
        };
        return new OpenAIClientImpl(com.openai.core.ClientOptions.builder()
            .httpClient(http).apiKey("sk-bench").maxRetries(0).build());
    }

    private static com.openai.core.http.HttpResponse openAiResponse(byte[] body) {
        InputStream in = new ByteArrayInputStream(body);
        com.openai.core.http.Headers headers = com.openai.core.http.Headers.builder()
            .put("content-type", "text/event-stream").build();
        return new com.openai.core.http.HttpResponse() {
            @Override
            public int statusCode() {
                return 200;
            }

            @Override
            public com.openai.core.http.Headers headers() {
                return headers;
            }

            @Override
            public InputStream body() {
                return in;
            }

            @Override
            public void close() {
            }
        };
    }

    static AnthropicClient anthropic(byte[] body) {
        com.anthropic.core.http.HttpClient http = new com.anthropic.core.http.HttpClient() {
            @Override
            public com.anthropic.core.http.HttpResponse execute(
                    com.anthropic.core.http.HttpRequest request, com.anthropic.core.RequestOptions options) {
                return anthropicResponse(body);
            }

            @Override
            public CompletableFuture<com.anthropic.core.http.HttpResponse> executeAsync(
                    com.anthropic.core.http.HttpRequest request, com.anthropic.core.RequestOptions options) {
                return CompletableFuture.completedFuture(anthropicResponse(body));
            }

            @Override
            public void close() {
            }
        };
        return new AnthropicClientImpl(com.anthropic.core.ClientOptions.builder()
            .httpClient(http).putHeader("x-api-key", "sk-ant-bench").maxRetries(0).build());
    }

    private static com.anthropic.core.http.HttpResponse anthropicResponse(byte[] body) {
        InputStream in = new ByteArrayInputStream(body);
        com.anthropic.core.http.Headers headers = com.anthropic.core.http.Headers.builder()
            .put("content-type", "text/event-stream").build();
        return new com.anthropic.core.http.HttpResponse() {
            @Override
            public int statusCode() {
                return 200;
            }

            @Override
            public com.anthropic.core.http.Headers headers() {
                return headers;
            }

            @Override
            public InputStream body() {
                return in;
            }

            @Override
            public void close() {
            }
        };
    }
}
