package dev.sluice.llm.request

import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse

/** The API key must not leak through toString or exception messages. */
class SecretRedactionTest {
    private val secret = "sk-proj-SECRET0123456789"
    private val hi = chatRequest { model = "m"; user("hi") }

    private fun assertNoSecret(text: String?, secret: String = this.secret) {
        assertFalse(text.orEmpty().contains(secret), "leaked: $text")
        assertFalse(text.orEmpty().contains("SECRET"), "leaked part: $text")
    }

    @Test
    fun apiKeyPrintsRedacted() {
        val key = ApiKey.of(" $secret\n")
        assertEquals("[redacted]", key.toString())
        assertEquals(secret, key.reveal())
        assertEquals(ApiKey.of(secret), key)
    }

    @Test
    fun configAndPreparedCallRedactEveryCredentialHeader() {
        for (provider in listOf(Provider.OPENAI_CHAT, Provider.ANTHROPIC)) {
            val config = ProviderConfig.builder(provider).apiKey(secret)
                .header("X-Session-Token", "SECRET-session")
                .header("X-Forwarded-Key-Copy", "prefix $secret")
                .header("X-Plain", "visible")
                .build()
            val call = config.prepare(hi)
            for (text in listOf(config.toString(), call.toString())) {
                assertNoSecret(text)
                assertContains(text, "[redacted]")
                assertContains(text, "X-Plain=visible")
            }
            assertContains(call.toString(), call.url)
        }
    }

    @Test
    fun valueHoldingTheKeyIsRedactedWhateverTheHeaderName() {
        val call = ProviderConfig.builder(Provider.OPENAI_COMPATIBLE).baseUrl("http://127.0.0.1:1/v1").apiKey(secret)
            .header("X-Innocent", "copy=$secret").build().prepare(hi)
        assertContains(call.toString(), "X-Innocent=[redacted]")
        assertNoSecret(call.toString())
    }

    @Test
    fun urlQueryAndUserInfoAreRedacted() {
        val config = ProviderConfig.builder(Provider.OPENAI_COMPATIBLE)
            .baseUrl("https://user:SECRETPASS@gw.example/v1?key=SECRETQUERY").build()
        val call = config.prepare(hi)
        assertNoSecret(config.toString(), "SECRETPASS")
        assertNoSecret(call.toString(), "SECRETQUERY")
        assertContains(call.toString(), "https://[redacted]@gw.example/v1/chat/completions?key=[redacted]")
        assertEquals("https://user:SECRETPASS@gw.example/v1/chat/completions?key=SECRETQUERY", call.url)
    }

    @Test
    fun exceptionsNeverShowTheKey() {
        val malformed = assertFailsWith<LlmRequestException> { ApiKey.of("sk-SECRET part") }
        assertNoSecret(malformed.message, "sk-SECRET")
        assertEquals("API key contains a control or whitespace character at index 9", malformed.message)

        val fromEnv = assertFailsWith<LlmRequestException> {
            ProviderConfig.builder(Provider.OPENAI_CHAT).environment(mapOf("OPENAI_API_KEY" to "sk-SECRET\u0000x")).build()
        }
        assertNoSecret(fromEnv.message, "sk-SECRET")
        assertContains(fromEnv.message!!, "OPENAI_API_KEY")

        val header = assertFailsWith<IllegalArgumentException> {
            ProviderConfig.builder(Provider.OLLAMA).header("X-Api-Key", "$secret\r\nX-Evil: 1")
        }
        assertNoSecret(header.message)
        assertEquals("value of header 'X-Api-Key' contains a line break or NUL", header.message)

        val url = assertFailsWith<LlmRequestException> {
            ProviderConfig.builder(Provider.OLLAMA).baseUrl("https://u:SECRETPASS@host/v1#frag").build()
        }
        assertNoSecret(url.message, "SECRETPASS")

        val noKey = assertFailsWith<LlmRequestException> {
            ProviderConfig.builder(Provider.ANTHROPIC).environment(mapOf("OPENAI_API_KEY" to secret)).build()
        }
        assertNoSecret(noKey.message)
    }

    @Test
    fun requestAndMessagesPrintWithoutSecretsAndShortly() {
        val long = "x".repeat(10_000)
        val request = chatRequest { model = "m"; user(long); tool("f") { description = long } }
        val text = request.toString() + request.messages.single() + request.tools.single()
        assertContains(request.toString(), "ChatRequest(model=m, messages=1, tools=[f])")
        assertFalse(text.length > 600, text)
    }
}
