package dev.sluice.secrets

import kotlin.time.Duration.Companion.milliseconds
import dev.sluice.http.HttpClient
import dev.sluice.http.HttpStatusException
import dev.sluice.http.HttpTransportException
import dev.sluice.http.SseReconnect
import dev.sluice.http.SseReconnectException
import dev.sluice.http.UnexpectedContentTypeException
import dev.sluice.testing.RawServer
import dev.sluice.llm.LlmClient
import dev.sluice.http.RetryPolicy
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.LlmHttpException
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmProtocolException
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.LlmTimeoutException
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.LlmRequestException
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.Fault
import dev.sluice.testkit.script
import io.ktor.client.engine.mock.MockEngine
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.io.IOException
import java.time.Duration
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertTrue

/**
 * A unique secret planted in every place a credential can hide (the API key of every provider,
 * Gemini's `x-goog-api-key` included; a `?key=`, an `access_token` and a `sig` in the base URL;
 * URL user info; credential headers), then every error type raised over real loopback sockets or
 * a closed port: no message, `toString`, printed stack trace (causes included) or URL getter may
 * show any of it. Every secret holds [MARK], so one search finds them all.
 */
@Timeout(60)
class SecretSweepTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()
    }

    private val fake get() = fakeServer.server()

    /** Transport failures are retried; these retries wait milliseconds, not the default backoff. */
    private val fastRetries = RetryPolicy().withBaseDelay(1.milliseconds).withMaxDelay(2.milliseconds)
    private val hi: ChatRequest = ChatRequest.builder().model("m").user("hi").maxTokens(20).build()

    private fun secretUrl(base: String): String {
        val (scheme, rest) = base.split("://", limit = 2)
        return "$scheme://user:$PASSWORD@$rest?key=$QUERY_KEY&access_token=$TOKEN&sig=$SIG&api-version=2024-06-01"
    }

    private fun baseFor(provider: Provider) = when (provider) {
        Provider.ANTHROPIC -> fake.anthropicBaseUrl
        Provider.OLLAMA -> fake.ollamaBaseUrl
        Provider.GEMINI -> fake.geminiBaseUrl
        else -> fake.openAiBaseUrl
    }

    private fun client(provider: Provider, base: String, options: LlmClientOptions = LlmClientOptions()): LlmClient {
        val config = ProviderConfig.builder(provider).baseUrl(secretUrl(base)).environment(emptyMap<String, String>())
            .apiKey(API_KEY).header("X-Session-Token", HEADER_SECRET).build()
        return LlmClient(config, options)
    }

    private fun fail(provider: Provider, base: String, options: LlmClientOptions = LlmClientOptions()): Throwable =
        assertFailsWith<Throwable> { client(provider, base, options).use { runBlocking { it.complete(hi) } } }

    /** Everything the server could echo: every secret, the URL as sent. */
    private val echo = "key $API_KEY header $HEADER_SECRET url ${secretUrl("http://h/v1")} Bearer $API_KEY"

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun statusErrorsThatEchoTheKeyShowNoSecretAndAReadableUrl(provider: Provider) {
        for (status in listOf(401, 500)) {
            fake.enqueue(script { text("x"); fault(Fault.HttpError(status, "invalid_api_key", "Incorrect API key: $echo")) })
            // Not retried, so the error (not a later success) is what the test reads.
            val e = assertIs<LlmHttpException>(fail(provider, baseFor(provider), LlmClientOptions().apply { retryPolicy = RetryPolicy.none() }))
            assertClean(e)
            assertEquals(status, e.status)
            assertContains(e.url, "http://[redacted]@127.0.0.1:")
            assertContains(e.url, "key=[redacted]&access_token=[redacted]&sig=[redacted]&api-version=2024-06-01")
            assertContains(e.providerMessage, "Incorrect API key: key [redacted]")
        }
        val sent = fake.lastRequest()!!
        assertTrue(sent.headerNames().any { name -> sent.headerValues(name).any { API_KEY in it } }, "the key itself was sent")
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun inStreamErrorsInterruptionsAndTimeoutsShowNoSecret(provider: Provider) {
        fake.enqueue(script { text("one two three"); fault(Fault.StreamError(1, "server_error", "rejected $echo")) })
        assertClean(assertIs<LlmStreamException>(fail(provider, baseFor(provider))))

        fake.enqueue(script { text("one two three"); fault(Fault.DropConnection(1)) })
        assertClean(assertIs<LlmInterruptedException>(fail(provider, baseFor(provider))))

        // Whichever limit fires, the error is a timeout whose text must be clean; the stall ends when the client leaves.
        fake.enqueue(script { text("one two three"); fault(Fault.Stall(1, Duration.ofSeconds(20))) })
        val timeout = fail(provider, baseFor(provider), LlmClientOptions().idleTimeout(Duration.ofMillis(100)))
        assertClean(assertIs<LlmTimeoutException>(timeout))
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun refusedConnectionShowsNoSecret(provider: Provider) {
        // Retried (connect failures are), but in milliseconds: the message after the last attempt is what counts
        val e = assertIs<HttpTransportException>(fail(provider, "http://127.0.0.1:${closedPort()}", LlmClientOptions().apply { retryPolicy = fastRetries }))
        assertEquals(fastRetries.maxRetries + 1, e.attempts)
        assertClean(e)
        assertContains(e.url, "key=[redacted]")
    }

    @Test
    fun wrongContentTypeAndProtocolErrorsShowNoSecret() {
        RawServer { ex -> ex.respond(200, "text/html", "<p>$echo</p>") }.use { server ->
            assertClean(assertIs<UnexpectedContentTypeException>(fail(Provider.OPENAI_CHAT, server.url + "/v1")))
        }
        RawServer { ex -> ex.respond(200, "text/event-stream", "data: {\"api_key\": \"$API_KEY\", $echo\n\n") }.use { server ->
            val e = assertIs<LlmProtocolException>(fail(Provider.OPENAI_CHAT, server.url + "/v1"))
            assertClean(e)
            assertContains(e.excerpt, "[redacted]")
        }
    }

    @Test
    fun plainHttpErrorsShowNoSecret(): Unit = runBlocking {
        RawServer { ex -> ex.respond(401, "text/plain", "denied ${ex.header("Authorization")} for ${ex.path}") }.use { server ->
            HttpClient { header("X-Api-Key", HEADER_SECRET) }.use { client ->
                val e = assertFailsWith<HttpStatusException> {
                    client.get(secretUrl(server.url + "/v1/x")).header("Authorization", "Bearer $API_KEY").text().toList()
                }
                assertClean(e)
                assertContains(e.bodyExcerpt, "denied [redacted] for /v1/x?key=[redacted]")
            }
        }
        HttpClient { retryPolicy = fastRetries }.use { client ->
            assertClean(assertFailsWith<HttpTransportException> { client.get(secretUrl("http://127.0.0.1:${closedPort()}/")).text().toList() })
            val malformed = assertFailsWith<IllegalArgumentException> { client.get("http://u:$PASSWORD@host:port/?key=$QUERY_KEY") }
            assertClean(malformed)
            assertContains(malformed.message!!, "http://[redacted]@host:port/?key=[redacted]")
        }
    }

    @Test
    fun sseReconnectExhaustionShowsNoSecret(): Unit = runBlocking {
        val first = AtomicBoolean(true)
        RawServer { ex ->
            if (first.getAndSet(false)) {
                ex.respond(200, "text/event-stream", "data: hello\n\n")
            } else {
                ex.respond(503, "text/plain", "busy $echo")
            }
        }.use { server ->
            HttpClient().use { client ->
                val e = assertFailsWith<SseReconnectException> {
                    client.get(secretUrl(server.url + "/events")).header("Authorization", "Bearer $API_KEY").header("X-Session-Token", HEADER_SECRET)
                        .sse(SseReconnect().withMaxAttempts(1).withDefaultRetry(1.milliseconds).withMaxDelay(1.milliseconds)).toList()
                }
                assertClean(e)
            }
        }
    }

    @Test
    fun aNetworkMessageQuotingTheUrlIsReplacedByARedactedCopy(): Unit = runBlocking {
        val engine = MockEngine { request -> throw IOException("cannot reach ${request.url}") }
        HttpClient { this.engine = engine; retryPolicy = fastRetries }.use { client ->
            val e = assertFailsWith<HttpTransportException> { client.get(secretUrl("http://h.test/v1")).text().toList() }
            assertClean(e)
            assertContains(e.cause.toString(), "java.io.IOException (secrets redacted): cannot reach http://[redacted]@h.test/v1?key=[redacted]")
        }
    }

    @Test
    fun invalidBaseUrlsAreShownRedactedNotHidden() {
        val e = assertFailsWith<LlmRequestException> {
            ProviderConfig.builder(Provider.OPENAI_COMPATIBLE).baseUrl("ftp://user:$PASSWORD@gw.example/v1?key=$QUERY_KEY").build()
        }
        assertClean(e)
        assertContains(e.message!!, "ftp://[redacted]@gw.example/v1?key=[redacted]")
        val bad = assertFailsWith<LlmRequestException> { ProviderConfig.builder(Provider.OLLAMA).baseUrl("http://h:port/?token=$TOKEN").build() }
        assertClean(bad)
        assertContains(bad.message!!, "http://h:port/?token=[redacted]")
    }

    private fun closedPort(): Int = RawServer.closedPort()
}

const val MARK: String = "PLANTED"
private const val API_KEY = "sk-$MARK-api-key-0001"
private const val PASSWORD = "$MARK-password-0002"
private const val QUERY_KEY = "$MARK-query-key-0003"
private const val TOKEN = "$MARK-token-0004"
private const val SIG = "$MARK-sig-0005"
private const val HEADER_SECRET = "$MARK-header-0006"

/** No secret in the throwable's message, `toString`, printed stack trace (causes, suppressed) or URL getters. */
fun assertClean(t: Throwable) {
    val printed = java.io.StringWriter().also { t.printStackTrace(java.io.PrintWriter(it)) }.toString()
    val texts = mutableListOf(t.message.orEmpty(), t.toString(), printed)
    generateSequence(t) { it.cause }.forEach { c ->
        when (c) {
            is HttpStatusException -> texts += listOf(c.url, c.bodyExcerpt)
            is HttpTransportException -> texts += c.url
            is UnexpectedContentTypeException -> texts += c.url
            is SseReconnectException -> texts += c.url
            is LlmStreamException -> texts += c.providerMessage
        }
        if (c is LlmHttpException) texts += c.providerMessage
        if (c is LlmProtocolException) texts += c.excerpt
    }
    for (text in texts) assertTrue(!text.contains(MARK), "a secret leaked in ${t.javaClass.simpleName}:\n$text")
}
