package dev.sluice.llm.request;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request resolved for sending: {@code POST} URL, headers (including the API key), JSON body,
 * and how the answer will be streamed. Made by {@link ProviderConfig#prepare(ChatRequest)}; send
 * it with Sluice's HTTP client or any other.
 *
 * <p>{@link #toString()} redacts credential headers and URL query values, and leaves out the body.
 */
public final class PreparedCall {
    private final Provider provider;
    private final ChatRequest request;
    private final String url;
    private final Map<String, String> headers;
    private final String body;
    private final boolean stream;
    private final ApiKey apiKey;

    PreparedCall(Provider provider, ChatRequest request, String url, Map<String, String> headers, String body,
            boolean stream, ApiKey apiKey) {
        this.provider = provider;
        this.request = request;
        this.url = url;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.body = body;
        this.stream = stream;
        this.apiKey = apiKey;
    }

    public Provider getProvider() {
        return provider;
    }

    /** The request this call was prepared from. */
    public ChatRequest getRequest() {
        return request;
    }

    /** Always {@code POST}. */
    public String getMethod() {
        return "POST";
    }

    /** The endpoint, e.g. {@code https://api.openai.com/v1/chat/completions}. */
    public String getUrl() {
        return url;
    }

    /** Headers to send, in order, with their real values (the API key included). */
    public Map<String, String> getHeaders() {
        return headers;
    }

    /** The JSON body as text. */
    public String getBody() {
        return body;
    }

    /** The JSON body as UTF-8 bytes (a new array each call). */
    public byte[] getBodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the body asks for a streamed answer. */
    public boolean isStream() {
        return stream;
    }

    /** How a streamed answer is framed ({@link Provider#getStreamFormat()}). */
    public StreamFormat getStreamFormat() {
        return provider.getStreamFormat();
    }

    @Override
    public String toString() {
        return "PreparedCall(POST " + Redaction.url(url) + ", provider=" + provider
                + ", stream=" + (stream ? provider.getStreamFormat().toString() : "false")
                + ", headers=" + Redaction.headers(headers, apiKey)
                + ", body=" + body.length() + " chars)";
    }
}
