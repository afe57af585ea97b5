package dev.sluice.llm.request

import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

class ProviderConfigTest {
    private val hi = chatRequest { model = "m"; user("hi") }

    private fun config(provider: Provider, env: Map<String, String>, setup: ProviderConfig.Builder.() -> Unit = {}) =
        ProviderConfig.builder(provider).environment(env).apply(setup).build()

    @Test
    fun openAiReadsKeyAndBaseUrlFromTheEnvironment() {
        val call = config(
            Provider.OPENAI_CHAT,
            mapOf("OPENAI_API_KEY" to "sk-env", "OPENAI_BASE_URL" to "https://proxy.example/v1/"),
        ).prepare(hi)
        assertEquals("https://proxy.example/v1/chat/completions", call.url)
        assertEquals(
            mapOf(
                "Content-Type" to "application/json",
                "Accept" to "text/event-stream",
                "Authorization" to "Bearer sk-env",
            ),
            call.headers,
        )
        assertEquals(StreamFormat.SSE, call.streamFormat)
        assertEquals("POST", call.method)
        assertJson(body(Provider.OPENAI_CHAT, hi), String(call.bodyBytes, Charsets.UTF_8))
    }

    @Test
    fun explicitSettingsWinOverTheEnvironmentAndDefaultsFillTheRest() {
        val c = config(Provider.OPENAI_RESPONSES, mapOf("OPENAI_API_KEY" to "sk-env", "OPENAI_BASE_URL" to "https://env")) {
            apiKey("sk-explicit")
            baseUrl("https://explicit.example/v1")
        }
        assertEquals("https://explicit.example/v1/responses", c.endpointUrl)
        assertEquals("sk-explicit", c.apiKey!!.reveal())
        val defaults = config(Provider.OPENAI_RESPONSES, mapOf("OPENAI_API_KEY" to "sk-env"))
        assertEquals("https://api.openai.com/v1/responses", defaults.endpointUrl)
    }

    @Test
    fun environmentLookupFunctionIsUsed() {
        val asked = mutableListOf<String>()
        val c = ProviderConfig.builder(Provider.ANTHROPIC)
            .environment { name: String -> asked += name; if (name == "ANTHROPIC_API_KEY") "sk-ant" else null }
            .build()
        assertEquals(listOf("ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY"), asked)
        assertEquals("https://api.anthropic.com/v1/messages", c.endpointUrl)
    }

    @Test
    fun anthropicSendsXApiKeyAndVersionAndNoAuthorization() {
        val call = config(Provider.ANTHROPIC, mapOf("ANTHROPIC_API_KEY" to "sk-ant", "ANTHROPIC_BASE_URL" to "http://127.0.0.1:9")).prepare(hi)
        assertEquals("http://127.0.0.1:9/v1/messages", call.url)
        assertEquals(
            mapOf(
                "Content-Type" to "application/json",
                "Accept" to "text/event-stream",
                "x-api-key" to "sk-ant",
                "anthropic-version" to "2023-06-01",
            ),
            call.headers,
        )
    }

    @Test
    fun extraHeadersReplaceDefaultsWhateverTheirCase() {
        val call = config(Provider.ANTHROPIC, mapOf("ANTHROPIC_API_KEY" to "sk-ant")) {
            header("Anthropic-Version", "2099-01-01")
            header("anthropic-beta", "a")
            header("ANTHROPIC-BETA", "b")
        }.prepare(hi)
        assertEquals("2099-01-01", call.headers["Anthropic-Version"])
        assertFalse("anthropic-version" in call.headers)
        assertEquals("b", call.headers["ANTHROPIC-BETA"])
        assertEquals(5, call.headers.size)
    }

    @Test
    fun missingKeyForOpenAiOrAnthropicDefaultHostFailsNamingTheVariable() {
        val openAi = assertFailsWith<LlmRequestException> { config(Provider.OPENAI_CHAT, mapOf("OPENAI_API_KEY" to "  ")) }
        assertEquals("no API key for OpenAI Chat Completions: set OPENAI_API_KEY or call apiKey(...)", openAi.message)
        val anthropic = assertFailsWith<LlmRequestException> { config(Provider.ANTHROPIC, emptyMap()) }
        assertContains(anthropic.message!!, "ANTHROPIC_API_KEY")
    }

    @Test
    fun keyIsOptionalAtAnotherBaseUrl() {
        val c = config(Provider.OPENAI_CHAT, emptyMap()) { baseUrl("http://127.0.0.1:8080/v1") }
        assertFalse(c.hasApiKey())
        assertFalse("Authorization" in c.prepare(hi).headers)
    }

    @Test
    fun compatibleServerNeedsABaseUrl() {
        val e = assertFailsWith<LlmRequestException> { config(Provider.OPENAI_COMPATIBLE, mapOf("OPENAI_API_KEY" to "sk")) }
        assertEquals("OpenAI-compatible Chat Completions needs a base URL: call baseUrl(...) or set OPENAI_BASE_URL", e.message)
    }

    @Test
    fun compatibleServerAtAnExplicitUrlNeverGetsTheOpenAiKey() {
        val c = config(Provider.OPENAI_COMPATIBLE, mapOf("OPENAI_API_KEY" to "sk-openai")) { baseUrl("https://api.groq.com/openai/v1") }
        assertNull(c.apiKey)
        assertEquals("https://api.groq.com/openai/v1/chat/completions", c.endpointUrl)
        val paired = config(Provider.OPENAI_COMPATIBLE, mapOf("OPENAI_API_KEY" to "sk-x", "OPENAI_BASE_URL" to "http://localhost:8000/v1"))
        assertEquals("Bearer sk-x", paired.prepare(hi).headers["Authorization"])
        val groq = config(Provider.OPENAI_COMPATIBLE, mapOf("GROQ_API_KEY" to "gsk")) {
            baseUrl("https://api.groq.com/openai/v1")
            apiKeyVariable("GROQ_API_KEY")
        }
        assertEquals("Bearer gsk", groq.prepare(hi).headers["Authorization"])
    }

    @Test
    fun ollamaDefaultsToLocalhostNdjsonAndNoAuth() {
        val call = config(Provider.OLLAMA, mapOf("OPENAI_API_KEY" to "sk")).prepare(hi)
        assertEquals("http://localhost:11434/api/chat", call.url)
        assertEquals(StreamFormat.NDJSON, call.streamFormat)
        assertEquals(mapOf("Content-Type" to "application/json", "Accept" to "application/x-ndjson"), call.headers)
    }

    @Test
    fun nonStreamingCallAcceptsJson() {
        val call = config(Provider.OLLAMA, emptyMap()).prepare(hi, false)
        assertFalse(call.isStream)
        assertEquals("application/json", call.headers["Accept"])
        assertContains(call.body, "\"stream\":false")
    }

    @Test
    fun baseUrlQueryIsKeptAfterTheEndpointPath() {
        val c = config(Provider.OPENAI_COMPATIBLE, emptyMap()) {
            baseUrl("https://x.openai.azure.com/openai/deployments/d/?api-version=2024-10-21")
            header("api-key", "azure-key")
        }
        assertEquals("https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21", c.endpointUrl)
        assertEquals("azure-key", c.prepare(hi).headers["api-key"])
    }

    @Test
    fun baseUrlMustBeAbsoluteHttp() {
        for (bad in listOf("ftp://host/v1", "localhost:11434", "/v1", "http://exa mple.com")) {
            val e = assertFailsWith<LlmRequestException>(bad) { config(Provider.OLLAMA, emptyMap()) { baseUrl(bad) } }
            assertTrue(e.message!!.startsWith("base URL from baseUrl(...)"), e.message)
        }
        val fromEnv = assertFailsWith<LlmRequestException> {
            config(Provider.ANTHROPIC, mapOf("ANTHROPIC_BASE_URL" to "api.anthropic.com", "ANTHROPIC_API_KEY" to "k"))
        }
        assertContains(fromEnv.message!!, "base URL from ANTHROPIC_BASE_URL")
    }

    @Test
    fun providersKnowTheirEndpointsAndFormats() {
        assertEquals("https://api.openai.com/v1", Provider.OPENAI_CHAT.defaultBaseUrl)
        assertEquals("/responses", Provider.OPENAI_RESPONSES.path)
        assertEquals("/v1/messages", Provider.ANTHROPIC.path)
        assertNull(Provider.OPENAI_COMPATIBLE.defaultBaseUrl)
        assertEquals(StreamFormat.NDJSON, Provider.OLLAMA.streamFormat)
        assertEquals(listOf(true, true, true, false, false, true), Provider.values().map { it.requiresApiKey() })
    }
}
