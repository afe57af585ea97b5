package dev.sluice.llm.request;

import dev.sluice.internal.llm.request.RequestBodies;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where and how to reach a provider: base URL, API key and extra headers, resolved once when
 * built, then used to {@link #prepare(ChatRequest) prepare} calls.
 *
 * <p>Resolution, first match wins:
 * <ul>
 *   <li>Base URL: {@link Builder#baseUrl}; the provider's variable ({@code OPENAI_BASE_URL},
 *       {@code ANTHROPIC_BASE_URL}; OpenAI-compatible servers read {@code OPENAI_BASE_URL});
 *       the provider's default. OpenAI-compatible servers have no default. A query in the base
 *       URL (Azure's {@code ?api-version=}) is kept after the endpoint path.</li>
 *   <li>API key: {@link Builder#apiKey}; the variable named by {@link Builder#apiKeyVariable};
 *       the provider's variable ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}). An
 *       OpenAI-compatible server gets {@code OPENAI_API_KEY} only when its base URL also came
 *       from {@code OPENAI_BASE_URL}, so an OpenAI key never travels to another host by
 *       accident. Ollama reads no variable. Blank values count as unset.</li>
 * </ul>
 * OpenAI and Anthropic require a key when talking to their own default host; with another base
 * URL (a proxy, a fake server) the key is optional.
 *
 * <p>Headers: {@code Content-Type: application/json}; {@code Accept} for the stream format;
 * Anthropic {@code x-api-key} and {@code anthropic-version: 2023-06-01}; everyone else
 * {@code Authorization: Bearer <key>} when there is a key. Extra headers come last and replace a
 * header of the same name (so {@code anthropic-version} or {@code Authorization} can be changed).
 *
 * <p>The key never appears in {@link #toString()}, nor in any exception message.
 */
public final class ProviderConfig {
    /** The {@code anthropic-version} header value sent unless replaced by an extra header. */
    public static final String ANTHROPIC_VERSION = "2023-06-01";

    private final Provider provider;
    private final String baseUrl;
    private final ApiKey apiKey;
    private final Map<String, String> extraHeaders;

    private ProviderConfig(Provider provider, String baseUrl, ApiKey apiKey, Map<String, String> extraHeaders) {
        this.provider = provider;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.extraHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(extraHeaders));
    }

    /** A builder reading the process environment unless {@link Builder#environment} is given. */
    public static Builder builder(Provider provider) {
        return new Builder(Objects.requireNonNull(provider, "provider"));
    }

    /** The configuration for {@code provider} from the process environment and defaults alone. */
    public static ProviderConfig fromEnvironment(Provider provider) {
        return builder(provider).build();
    }

    public Provider getProvider() {
        return provider;
    }

    /** The resolved base URL, without trailing slash. */
    public String getBaseUrl() {
        return baseUrl;
    }

    /** The endpoint requests are posted to: base URL plus the provider's path (plus the base URL's query). */
    public String getEndpointUrl() {
        int q = baseUrl.indexOf('?');
        return q < 0 ? baseUrl + provider.getPath()
                : baseUrl.substring(0, q) + provider.getPath() + baseUrl.substring(q);
    }

    /** The resolved key, or {@code null}. Its {@code toString} is redacted. */
    public ApiKey getApiKey() {
        return apiKey;
    }

    public boolean hasApiKey() {
        return apiKey != null;
    }

    /** The extra headers as configured (real values). */
    public Map<String, String> getExtraHeaders() {
        return extraHeaders;
    }

    /** All headers a call sends, in order, with real values. */
    public Map<String, String> headers(boolean stream) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        String accept = !stream ? "application/json"
                : provider.getStreamFormat() == StreamFormat.SSE ? "text/event-stream" : "application/x-ndjson";
        h.put("Accept", accept);
        if (provider == Provider.ANTHROPIC) {
            if (apiKey != null) h.put("x-api-key", apiKey.reveal());
            h.put("anthropic-version", ANTHROPIC_VERSION);
        } else if (apiKey != null) {
            h.put("Authorization", "Bearer " + apiKey.reveal());
        }
        for (Map.Entry<String, String> e : extraHeaders.entrySet()) {
            h.keySet().removeIf(name -> name.equalsIgnoreCase(e.getKey()));
            h.put(e.getKey(), e.getValue());
        }
        return h;
    }

    /** Prepares a streaming call for {@code request}. */
    public PreparedCall prepare(ChatRequest request) {
        return prepare(request, true);
    }

    /**
     * Prepares a call: URL, headers, and the provider's exact JSON body.
     *
     * @throws LlmRequestException if the request holds an option this provider cannot express
     */
    public PreparedCall prepare(ChatRequest request, boolean stream) {
        Objects.requireNonNull(request, "request");
        String body = RequestBodies.encodeRequest(provider, request, stream);
        return new PreparedCall(provider, request, getEndpointUrl(), headers(stream), body, stream, apiKey);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProviderConfig)) return false;
        ProviderConfig c = (ProviderConfig) o;
        return provider == c.provider && baseUrl.equals(c.baseUrl) && Objects.equals(apiKey, c.apiKey)
                && extraHeaders.equals(c.extraHeaders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, baseUrl, apiKey, extraHeaders);
    }

    @Override
    public String toString() {
        return "ProviderConfig(provider=" + provider + ", baseUrl=" + Redaction.url(baseUrl)
                + ", apiKey=" + (apiKey == null ? "none" : Redaction.REDACTED)
                + ", extraHeaders=" + Redaction.headers(extraHeaders, apiKey) + ")";
    }

    /** Builds a {@link ProviderConfig}; see the class doc for how values are resolved. */
    public static final class Builder {
        private final Provider provider;
        private String baseUrl;
        private ApiKey apiKey;
        private String apiKeyVariable;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Function<String, String> environment;

        private Builder(Provider provider) {
            this.provider = provider;
        }

        /** The base URL, e.g. {@code https://api.groq.com/openai/v1}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The API key; see {@link ApiKey#of(String)} for what is accepted. */
        public Builder apiKey(String key) {
            return apiKey(ApiKey.of(key));
        }

        public Builder apiKey(ApiKey key) {
            this.apiKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Reads the key from this variable instead of the provider's, e.g. {@code GROQ_API_KEY}. */
        public Builder apiKeyVariable(String name) {
            this.apiKeyVariable = Names.requireNonBlank(name, "variable name");
            return this;
        }

        /**
         * Adds a header sent with every call, replacing one of the same name. Names must be HTTP
         * tokens; values must not contain line breaks.
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            checkHeader(name, value);
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, value);
            return this;
        }

        /** Uses {@code variables} instead of the process environment. */
        public Builder environment(Map<String, String> variables) {
            Map<String, String> copy = new LinkedHashMap<>(variables);
            this.environment = copy::get;
            return this;
        }

        /** Looks variables up with {@code lookup} instead of {@link System#getenv(String)}. */
        public Builder environment(Function<String, String> lookup) {
            this.environment = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * @throws LlmRequestException when no base URL can be found (OpenAI-compatible), the base
         *     URL is not an absolute http(s) URL, a key from the environment is malformed, or a
         *     key is required and none is found
         */
        public ProviderConfig build() {
            Function<String, String> env = environment != null ? environment : System::getenv;
            String base = baseUrl;
            boolean baseFromEnv = false;
            String baseVar = provider.getBaseUrlVariable();
            if (base == null && baseVar != null && present(env.apply(baseVar))) {
                base = env.apply(baseVar).trim();
                baseFromEnv = true;
            }
            if (base == null) base = provider.getDefaultBaseUrl();
            if (base == null) {
                throw new LlmRequestException(provider.getDisplayName()
                        + " needs a base URL: call baseUrl(...) or set " + baseVar);
            }
            String source = baseUrl != null ? "baseUrl(...)" : baseFromEnv ? baseVar : "default";
            String normalized = normalizeBaseUrl(base, source);

            ApiKey key = apiKey;
            if (key == null) {
                String keyVar = apiKeyVariable;
                if (keyVar == null && (provider != Provider.OPENAI_COMPATIBLE || baseFromEnv)) {
                    keyVar = provider.getApiKeyVariable();
                }
                String fromEnv = keyVar == null ? null : env.apply(keyVar);
                if (present(fromEnv)) {
                    try {
                        key = ApiKey.of(fromEnv);
                    } catch (LlmRequestException e) {
                        throw new LlmRequestException("API key from " + keyVar + ": " + e.getMessage());
                    }
                }
            }
            if (key == null && provider.requiresApiKey()
                    && normalized.equals(normalizeBaseUrl(provider.getDefaultBaseUrl(), "default"))) {
                String var = apiKeyVariable != null ? apiKeyVariable : provider.getApiKeyVariable();
                throw new LlmRequestException("no API key for " + provider.getDisplayName()
                        + ": set " + var + " or call apiKey(...)");
            }
            return new ProviderConfig(provider, normalized, key, headers);
        }

        private static boolean present(String value) {
            return value != null && !value.trim().isEmpty();
        }

        private static void checkHeader(String name, String value) {
            if (name.isEmpty()) throw new IllegalArgumentException("header name is empty");
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean token = c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
                if (!token) throw new IllegalArgumentException("header name '" + name + "' has an invalid character at " + i);
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    // Never echo the value: it may be a credential.
                    throw new IllegalArgumentException("value of header '" + name + "' contains a line break or NUL");
                }
            }
        }

        /** Absolute http(s), no fragment, trailing slashes removed; the query is kept. */
        static String normalizeBaseUrl(String url, String source) {
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw new LlmRequestException("base URL from " + source + " is not a URL: "
                        + Redaction.url(url) + " (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                throw new LlmRequestException("base URL from " + source + " must be an absolute http or https URL, was "
                        + Redaction.url(url));
            }
            if (uri.getRawFragment() != null) {
                throw new LlmRequestException("base URL from " + source + " must not have a fragment: " + Redaction.url(url));
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
            StringBuilder s = new StringBuilder(scheme).append("://").append(uri.getRawAuthority()).append(path);
            if (uri.getRawQuery() != null) s.append('?').append(uri.getRawQuery());
            return s.toString();
        }
    }
}
