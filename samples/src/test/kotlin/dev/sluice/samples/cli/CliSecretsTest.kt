package dev.sluice.samples.cli

import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.Fault
import dev.sluice.testkit.script
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFalse

/**
 * Secrets planted in keys, URLs (user info, `?key=`, `access_token`) and headers never reach the
 * CLI's standard output or standard error, whatever fails: `chat`, `get` and `decode`, over
 * loopback servers that echo them back and over a closed port. Every secret holds [MARK].
 */
@Timeout(60)
class CliSecretsTest {
    private val fake = FakeLlmServer().start()

    @AfterEach
    fun stop() = fake.close()

    private fun withSecrets(base: String): String {
        val (scheme, rest) = base.split("://", limit = 2)
        return "$scheme://user:$MARK-pass@$rest?key=$MARK-query&access_token=$MARK-token&alt2=visible"
    }

    /** As the real CLI does, a usage error's message goes to stderr, where no secret may appear either. */
    private fun chat(env: Map<String, String>, vararg args: String): CliRun = runChat(env, *args)

    private fun assertNoSecret(run: CliRun, expectedStatus: Int = 1) {
        assertEquals(expectedStatus, run.status, run.err)
        assertFalse(run.out.contains(MARK) || run.err.contains(MARK), "a secret leaked:\n--- stdout\n${run.out}\n--- stderr\n${run.err}")
    }

    private val echo = "key $KEY url ${withSecrets("http://h/v1")} Bearer $KEY"

    @Test
    fun chatFailuresShowNoSecretForAnyProvider() {
        val keys = mapOf("openai" to "OPENAI_API_KEY", "anthropic" to "ANTHROPIC_API_KEY", "gemini" to "GEMINI_API_KEY")
        for ((provider, variable) in keys) {
            val base = when (provider) {
                "anthropic" -> fake.anthropicBaseUrl
                "gemini" -> fake.geminiBaseUrl
                else -> fake.openAiBaseUrl
            }
            val env = mapOf(variable to KEY)
            val scripts = listOf(
                script { text("x"); fault(Fault.HttpError(401, "invalid_api_key", "Incorrect API key: $echo")) },
                script { text("x"); fault(Fault.HttpError(500, "server_error", "failed for $echo")) },
                script { text("one two three"); fault(Fault.StreamError(1, "invalid_request_error", "rejected $echo")) },
                script { text("one two three"); fault(Fault.DropConnection(1)) },
            )
            for (s in scripts) {
                fake.enqueue(s)
                val run = chat(env, "--max-retries", "0", "--provider", provider, "--base-url", withSecrets(base), "hello")
                assertNoSecret(run)
                assertContains(run.lastErrLine, "\"error\":")
            }
            assertNoSecret(chat(env, "--max-retries", "0", "--provider", provider, "--base-url", withSecrets("http://127.0.0.1:${closedPort()}"), "hello"))
        }
        assertEquals(12, fake.requestCount())
    }

    @Test
    fun chatUsageErrorsShowTheBaseUrlRedacted() {
        val run = runCli("", "chat", "--base-url", "ftp://u:$MARK-pass@h/v1?key=$MARK-q", "hi")
        assertNoSecret(run, expectedStatus = 2)
        assertContains(run.err, "ftp://[redacted]@h/v1?key=[redacted]")
        assertNoSecret(runCli("", "chat", "--base-url", "http://u:$MARK-pass@h:port/?token=$MARK-t", "hi"), expectedStatus = 2)
    }

    @Test
    fun getFailuresShowNoSecret() {
        TinyHttpServer { path -> TinyHttpServer.Response(401, "text/plain", "denied Bearer $KEY for $path, x-api-key: $MARK-h") }.use { server ->
            val url = withSecrets(server.url + "/data")
            assertNoSecret(runCli("", "get", url, "--header", "Authorization: Bearer $KEY", "--header", "X-Api-Key: $MARK-h"))
            assertNoSecret(runCli("", "get", url, "--as", "sse", "--header", "Authorization: Bearer $KEY"))
        }
        assertNoSecret(runCli("", "get", withSecrets("http://127.0.0.1:${closedPort()}/"), "--header", "Authorization: Bearer $KEY"))
        assertNoSecret(runCli("", "get", "http://u:$MARK-pass@host:port/?key=$MARK-q"), expectedStatus = 2)
        assertNoSecret(runCli("", "get", withSecrets("http://h/a"), withSecrets("http://h/b")), expectedStatus = 2)
        assertNoSecret(runCli("", "get", "http://127.0.0.1:1/", "--header", "Authorization Bearer $KEY"), expectedStatus = 2)
    }

    @Test
    fun decodeErrorsShowNoSecret() {
        val body = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n" +
            "data: {\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad url https://h/v1?key=$MARK-q, Bearer $MARK-bearer-token\"}}\n\n"
        val run = runCli(body, "decode", "openai-chat")
        assertNoSecret(run)
        assertContains(run.out, "key=[redacted]")
    }

    private fun closedPort(): Int = TinyHttpServer.closedPort()
}

private const val MARK = "PLANTED"
private const val KEY = "sk-$MARK-key-0123456789"
