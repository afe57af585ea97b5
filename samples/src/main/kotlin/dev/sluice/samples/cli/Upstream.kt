package dev.sluice.samples.cli

import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig

/**
 * Where `chat` and `relay` send their requests: [config] for the provider, and the [fake] server
 * started when there is no upstream (no key in the environment and no `--base-url`; for Ollama,
 * no `--base-url`), with the [notice] to print on standard error saying so; the fake paces its
 * answers like a model unless `pacedFake` is false. Closing closes the fake.
 */
internal class Upstream private constructor(val config: ProviderConfig, val fake: EmbeddedFake?, val notice: String?) : AutoCloseable {
    override fun close() {
        fake?.close()
    }

    companion object {
        fun resolve(provider: Provider, baseUrl: String?, environment: (String) -> String?, pacedFake: Boolean = true): Upstream {
            if (baseUrl == null && (provider.apiKeyVariable == null || !hasKey(provider, environment))) {
                val fake = EmbeddedFake.start(pacedFake)
                val reason = if (provider.apiKeyVariable == null) "no --base-url" else "no ${provider.apiKeyVariable} and no --base-url"
                val config = ProviderConfig.builder(provider).baseUrl(fake.baseUrlFor(provider)).environment(emptyMap()).build()
                return Upstream(config, fake, "$reason: answering from the embedded fake LLM server at ${fake.baseUrlFor(provider)} (offline)")
            }
            val config = ProviderConfig.builder(provider).environment { environment(it) }
                .apply { if (baseUrl != null) baseUrl(baseUrl) }
                .build()
            return Upstream(config, null, null)
        }

        /**
         * Whether the environment holds a key for [provider], as the library reads it (Gemini also
         * from GOOGLE_API_KEY). Probed against a loopback base URL unless the environment names a base
         * URL (an OpenAI-compatible server reads OPENAI_API_KEY only with OPENAI_BASE_URL).
         */
        private fun hasKey(provider: Provider, environment: (String) -> String?): Boolean {
            val envBase = provider.baseUrlVariable?.let(environment)
            val probe = ProviderConfig.builder(provider).environment { environment(it) }
            if (envBase.isNullOrBlank()) probe.baseUrl("http://127.0.0.1")
            return probe.build().hasApiKey()
        }
    }
}
