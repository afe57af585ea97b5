package dev.sluice.llm.request;

import org.jspecify.annotations.Nullable;
/**
 * The LLM APIs Sluice speaks: where a request goes, how its body is shaped, and how the answer
 * is streamed back and decoded (one enum for requests, codecs and clients: every
 * OpenAI-compatible server decodes as Chat Completions).
 */
public enum Provider {
    /** OpenAI Chat Completions: {@code POST {base}/chat/completions}, SSE. */
    OPENAI_CHAT("openai-chat", "OpenAI Chat Completions", "https://api.openai.com/v1", "/chat/completions",
            StreamFormat.SSE, "OPENAI_API_KEY", "OPENAI_BASE_URL"),
    /** OpenAI Responses: {@code POST {base}/responses}, SSE. */
    OPENAI_RESPONSES("openai-responses", "OpenAI Responses", "https://api.openai.com/v1", "/responses",
            StreamFormat.SSE, "OPENAI_API_KEY", "OPENAI_BASE_URL"),
    /** Anthropic Messages: {@code POST {base}/v1/messages}, SSE. */
    ANTHROPIC("anthropic", "Anthropic Messages", "https://api.anthropic.com", "/v1/messages",
            StreamFormat.SSE, "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"),
    /**
     * A server speaking Chat Completions at a base URL of your choice (Ollama's {@code /v1}, vLLM,
     * llama.cpp, DeepSeek, Groq, Mistral, xAI, Azure...). There is no default base URL; the key is
     * optional.
     */
    OPENAI_COMPATIBLE("openai-compatible", "OpenAI-compatible Chat Completions", null, "/chat/completions",
            StreamFormat.SSE, "OPENAI_API_KEY", "OPENAI_BASE_URL"),
    /** Ollama's native chat API: {@code POST {base}/api/chat}, NDJSON, no key. */
    OLLAMA("ollama", "Ollama", "http://localhost:11434", "/api/chat", StreamFormat.NDJSON, null, null),
    /**
     * Google Gemini: {@code POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse}, SSE,
     * key in {@code x-goog-api-key} ({@code GEMINI_API_KEY}, then {@code GOOGLE_API_KEY}).
     */
    GEMINI("gemini", "Google Gemini", "https://generativelanguage.googleapis.com", "/v1beta/models/{model}:streamGenerateContent",
            StreamFormat.SSE, "GEMINI_API_KEY", "GEMINI_BASE_URL");

    private final String id;
    private final String displayName;
    private final @Nullable String defaultBaseUrl;
    private final String path;
    private final StreamFormat streamFormat;
    private final @Nullable String apiKeyVariable;
    private final @Nullable String baseUrlVariable;

    Provider(String id, String displayName, @Nullable String defaultBaseUrl, String path, StreamFormat streamFormat,
            @Nullable String apiKeyVariable, @Nullable String baseUrlVariable) {
        this.id = id;
        this.displayName = displayName;
        this.defaultBaseUrl = defaultBaseUrl;
        this.path = path;
        this.streamFormat = streamFormat;
        this.apiKeyVariable = apiKeyVariable;
        this.baseUrlVariable = baseUrlVariable;
    }

    /**
     * The short name used on the command line and in messages: {@code openai-chat},
     * {@code openai-responses}, {@code anthropic}, {@code openai-compatible}, {@code ollama},
     * {@code gemini}.
     */
    public String getId() {
        return id;
    }

    /** A human name for messages, e.g. {@code "Anthropic Messages"}. */
    public String getDisplayName() {
        return displayName;
    }

    /** Whether the answer streams as newline-delimited JSON rather than Server-Sent Events. */
    public boolean isNdjson() {
        return streamFormat == StreamFormat.NDJSON;
    }

    /** The base URL used when none is configured, or {@code null} for {@link #OPENAI_COMPATIBLE}. */
    public @Nullable String getDefaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The endpoint path appended to the base URL, e.g. {@code /chat/completions}. */
    public String getPath() {
        return path;
    }

    /** How the streamed answer is framed. */
    public StreamFormat getStreamFormat() {
        return streamFormat;
    }

    /** The environment variable read for the API key, or {@code null} (Ollama). */
    public @Nullable String getApiKeyVariable() {
        return apiKeyVariable;
    }

    /** The environment variable read for the base URL, or {@code null} (Ollama). */
    public @Nullable String getBaseUrlVariable() {
        return baseUrlVariable;
    }

    /**
     * Whether a key is required when talking to the provider's own default host (OpenAI and
     * Anthropic). With any other base URL (a proxy, a fake server) the key is optional.
     */
    public boolean requiresApiKey() {
        return this == OPENAI_CHAT || this == OPENAI_RESPONSES || this == ANTHROPIC || this == GEMINI;
    }
}
