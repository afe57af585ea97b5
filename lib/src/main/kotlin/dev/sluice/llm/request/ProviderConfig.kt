package dev.sluice.llm.request

import dev.sluice.internal.secrets.Redaction
import dev.sluice.internal.llm.request.encodeRequest
import dev.sluice.internal.llm.provider.providerSpec
import java.util.Collections
import java.util.Objects
import java.util.function.Function

/**
 * Where and how to reach a provider: base URL, API key and extra headers, resolved once when
 * built, then used to [prepare] calls.
 *
 * Resolution, first match wins:
 * - Base URL: [Builder.baseUrl]; the provider's variable (`OPENAI_BASE_URL`,
 *   `ANTHROPIC_BASE_URL`; OpenAI-compatible servers read `OPENAI_BASE_URL`); the provider's
 *   default. OpenAI-compatible servers have no default. A query in the base URL (Azure's
 *   `?api-version=`) is kept after the endpoint path.
 * - API key: [Builder.apiKey]; the variable named by [Builder.apiKeyVariable]; the provider's
 *   variable (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`). An OpenAI-compatible server gets
 *   `OPENAI_API_KEY` only when its base URL also came from `OPENAI_BASE_URL`, so an OpenAI key
 *   never travels to another host by accident. Ollama reads no variable. Blank values count as
 *   unset.
 *
 * OpenAI and Anthropic require a key when talking to their own default host; with another base
 * URL (a proxy, a fake server) the key is optional.
 *
 * Headers: `Content-Type: application/json`; `Accept` for the stream format; Anthropic
 * `x-api-key` and `anthropic-version: 2023-06-01`; everyone else `Authorization: Bearer <key>`
 * when there is a key. Extra headers come last and replace a header of the same name (so
 * `anthropic-version` or `Authorization` can be changed).
 *
 * The key never appears in [toString], nor in any exception message.
 *
 * @property provider the provider calls go to.
 * @property baseUrl the resolved base URL, without trailing slash.
 * @property apiKey the resolved key, or `null`. Its `toString` is redacted.
 * @property extraHeaders the extra headers as configured (real values).
 */
public class ProviderConfig private constructor(
    public val provider: Provider,
    public val baseUrl: String,
    public val apiKey: ApiKey?,
    extraHeaders: Map<String, String>,
) {
    public val extraHeaders: Map<String, String> = Collections.unmodifiableMap(LinkedHashMap(extraHeaders))

    /** The endpoint requests are posted to: base URL plus the provider's path (plus the base URL's query). */
    public val endpointUrl: String get() = providerSpec(provider).endpointUrl(baseUrl, null, true)

    public fun hasApiKey(): Boolean = apiKey != null

    /** All headers a call sends, in order, with real values. */
    public fun headers(stream: Boolean): Map<String, String> {
        val h = LinkedHashMap<String, String>()
        h["Content-Type"] = "application/json"
        h["Accept"] = when {
            !stream -> "application/json"
            provider.streamFormat == StreamFormat.SSE -> "text/event-stream"
            else -> "application/x-ndjson"
        }
        h += providerSpec(provider).authHeaders(apiKey?.reveal())
        for ((name, value) in extraHeaders) {
            h.keys.removeAll { it.equals(name, ignoreCase = true) }
            h[name] = value
        }
        return h
    }

    /** Prepares a streaming call for [request]. */
    public fun prepare(request: ChatRequest): PreparedCall = prepare(request, true)

    /**
     * Prepares a call: URL, headers, and the provider's exact JSON body.
     *
     * @throws LlmRequestException if the request holds an option this provider cannot express
     */
    public fun prepare(request: ChatRequest, stream: Boolean): PreparedCall {
        val body = encodeRequest(provider, request, stream)
        return PreparedCall(provider, request, providerSpec(provider).endpointUrl(baseUrl, request, stream), headers(stream), body, stream, apiKey)
    }

    override fun equals(other: Any?): Boolean =
        other is ProviderConfig && provider == other.provider && baseUrl == other.baseUrl && apiKey == other.apiKey &&
            extraHeaders == other.extraHeaders

    override fun hashCode(): Int = Objects.hash(provider, baseUrl, apiKey, extraHeaders)

    override fun toString(): String =
        "ProviderConfig(provider=$provider, baseUrl=${Redaction.url(baseUrl)}, " +
            "apiKey=${if (apiKey == null) "none" else Redaction.REDACTED}, " +
            "extraHeaders=${Redaction.headers(extraHeaders, apiKey)})"

    /** Builds a [ProviderConfig]; see the class doc for how values are resolved. */
    public class Builder internal constructor(private val provider: Provider) {
        private var baseUrl: String? = null
        private var apiKey: ApiKey? = null
        private var apiKeyVariable: String? = null
        private val headers = LinkedHashMap<String, String>()
        private var environment: Function<String, String?>? = null

        /** The base URL, e.g. `https://api.groq.com/openai/v1`. */
        public fun baseUrl(baseUrl: String): Builder = apply { this.baseUrl = baseUrl }

        /** The API key; see [ApiKey.of] for what is accepted. */
        public fun apiKey(key: String): Builder = apiKey(ApiKey.of(key))

        public fun apiKey(key: ApiKey): Builder = apply { apiKey = key }

        /** Reads the key from this variable instead of the provider's, e.g. `GROQ_API_KEY`. */
        public fun apiKeyVariable(name: String): Builder = apply { apiKeyVariable = Names.requireNonBlank(name, "variable name") }

        /**
         * Adds a header sent with every call, replacing one of the same name. Names must be HTTP
         * tokens; values must not contain line breaks.
         */
        public fun header(name: String, value: String): Builder = apply {
            ConfigChecks.checkHeader(name, value)
            headers.keys.removeAll { it.equals(name, ignoreCase = true) }
            headers[name] = value
        }

        /** Uses [variables] instead of the process environment. */
        public fun environment(variables: Map<String, String>): Builder = apply {
            val copy = LinkedHashMap(variables)
            environment = Function { copy[it] }
        }

        /** Looks variables up with [lookup] instead of [System.getenv]. */
        public fun environment(lookup: Function<String, String?>): Builder = apply { environment = lookup }

        /**
         * @throws LlmRequestException when no base URL can be found (OpenAI-compatible), the base
         *   URL is not an absolute http(s) URL, a key from the environment is malformed, or a key
         *   is required and none is found
         */
        public fun build(): ProviderConfig {
            val env = environment ?: Function { System.getenv(it) }
            var base = baseUrl
            var baseFromEnv = false
            val baseVar: String? = provider.baseUrlVariable
            if (base == null && baseVar != null) {
                val fromEnv = env.apply(baseVar)
                if (!Names.isBlank(fromEnv)) {
                    base = Names.trim(fromEnv!!)
                    baseFromEnv = true
                }
            }
            val defaultBase: String? = provider.defaultBaseUrl
            val resolved: String = base ?: defaultBase
                ?: throw LlmRequestException("${provider.displayName} needs a base URL: call baseUrl(...) or set $baseVar")
            val source = if (baseUrl != null) "baseUrl(...)" else if (baseFromEnv) baseVar!! else "default"
            val normalized = ConfigChecks.normalizeBaseUrl(resolved, source)

            val providerKeyVar: String? = provider.apiKeyVariable
            var key = apiKey
            if (key == null) {
                // An OpenAI-compatible server gets OPENAI_API_KEY only along with OPENAI_BASE_URL.
                val keyVar = apiKeyVariable
                    ?: providerKeyVar.takeIf { provider != Provider.OPENAI_COMPATIBLE || baseFromEnv }
                var fromEnv = keyVar?.let { env.apply(it) }
                if (Names.isBlank(fromEnv) && apiKeyVariable == null) {
                    for (fallback in providerSpec(provider).fallbackKeyVariables) {
                        fromEnv = env.apply(fallback)
                        if (!Names.isBlank(fromEnv)) break
                    }
                }
                if (!Names.isBlank(fromEnv)) {
                    key = try {
                        ApiKey.of(fromEnv!!)
                    } catch (e: LlmRequestException) {
                        throw LlmRequestException("API key from $keyVar: ${e.message}")
                    }
                }
            }
            if (key == null && provider.requiresApiKey() && defaultBase != null &&
                normalized == ConfigChecks.normalizeBaseUrl(defaultBase, "default")
            ) {
                val variable = apiKeyVariable ?: providerKeyVar
                throw LlmRequestException("no API key for ${provider.displayName}: set $variable or call apiKey(...)")
            }
            return ProviderConfig(provider, normalized, key, headers)
        }
    }

    public companion object {
        /** The `anthropic-version` header value sent unless replaced by an extra header. */
        public const val ANTHROPIC_VERSION: String = "2023-06-01"

        /** A builder reading the process environment unless [Builder.environment] is given. */
        @JvmStatic
        public fun builder(provider: Provider): Builder = Builder(provider)

        /** The configuration for [provider] from the process environment and defaults alone. */
        @JvmStatic
        public fun fromEnvironment(provider: Provider): ProviderConfig = builder(provider).build()
    }
}
