package dev.sluice.internal.secrets

import dev.sluice.redactText
import dev.sluice.redactUrl
import java.io.IOException
import java.net.ConnectException
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertSame
import kotlin.test.assertTrue

/** The redaction rules: URLs stay readable, secrets never survive, redacting twice changes nothing. */
class RedactionTest {
    private fun url(u: String) = Redaction.url(u).also { assertEquals(it, Redaction.url(it), "idempotent") }
    private fun text(t: String) = Redaction.text(t).also { assertEquals(it, Redaction.text(it), "idempotent") }

    @Test
    fun secretQueryValuesAreRedactedAndTheRestStaysReadable() {
        assertEquals(
            "https://generativelanguage.googleapis.com/v1beta/models/x:streamGenerateContent?alt=sse&key=[redacted]",
            url("https://generativelanguage.googleapis.com/v1beta/models/x:streamGenerateContent?alt=sse&key=AIzaSECRET"),
        )
        assertEquals(
            "https://gw.example/v1/chat?api-version=2024-06-01&api-key=[redacted]&API_KEY=[redacted]&Token=[redacted]",
            url("https://gw.example/v1/chat?api-version=2024-06-01&api-key=s1&API_KEY=s2&Token=s3"),
        )
        val names = listOf(
            "key", "api-key", "api_key", "apiKey", "apikey", "token", "access_token", "refresh_token", "sig", "signature",
            "X-Amz-Signature", "password", "passwd", "secret", "client_secret", "code", "x-api-key", "Key", "SIG", "api%5Fkey",
        )
        for (name in names) assertEquals("http://h/p?$name=[redacted]&a=1", url("http://h/p?$name=SECRET&a=1"), name)
        for (name in listOf("alt", "model", "keyword", "monkey", "encoding", "api-version", "stream")) {
            assertEquals("http://h/p?$name=visible", url("http://h/p?$name=visible"), name)
        }
    }

    @Test
    fun userInfoIsRedactedWithHostPortAndPathKept() {
        assertEquals("https://[redacted]@gw.example:8443/v1/x?a=1", url("https://user:pa55@gw.example:8443/v1/x?a=1"))
        assertEquals("http://[redacted]@h/v1", url("http://token@h/v1"))
        // A '/' in the password (not valid, but it happens) must not leak the part before it.
        assertEquals("http://[redacted]@h/v1", url("http://user:pa/ss@h/v1"))
        assertEquals("https://h/v1/users/me@example.com", url("https://h/v1/users/me@example.com"))
    }

    @Test
    fun fragmentParametersAreRedactedToo() {
        assertEquals("https://app/cb#access_token=[redacted]&state=s", url("https://app/cb#access_token=abc&state=s"))
        assertEquals("https://h/docs#section-2", url("https://h/docs#section-2"))
    }

    @Test
    fun anInvalidUrlIsShownRedactedTheSameWayNotHiddenWhole() {
        assertEquals("http://[redacted]@ho st:x/v1?key=[redacted]", url("http://u:SECRET@ho st:x/v1?key=SECRET"))
        assertEquals("not a url", url("not a url"))
        assertEquals("[redacted]@host/v1?token=[redacted]", url("u:SECRET@host/v1?token=SECRET"))
        assertEquals("/v1/chat?alt=sse&key=[redacted]", url("/v1/chat?alt=sse&key=SECRET"))
        assertEquals("", url(""))
        assertEquals("ftp://[redacted]@h/f", url("ftp://a:b@h/f"))
    }

    @Test
    fun textRedactsUrlsPairsHeadersAndBearerTokens() {
        assertEquals(
            "Connect timeout has expired [url=http://[redacted]@127.0.0.1:1/v1?key=[redacted]&alt=sse, connect_timeout=unknown ms]",
            text("Connect timeout has expired [url=http://u:SECRET@127.0.0.1:1/v1?key=SECRET&alt=sse, connect_timeout=unknown ms]"),
        )
        assertEquals("headers: Authorization: [redacted], x-api-key: [redacted]", text("headers: Authorization: Bearer SECRET123, x-api-key: SECRET"))
        assertEquals("x-goog-api-key=[redacted] ok", text("x-goog-api-key=AIzaSECRET ok"))
        assertEquals("sent Bearer [redacted] twice", text("sent Bearer sk-SECRET-123456 twice"))
        assertEquals("""{"api_key": "[redacted]", "code": "invalid_api_key"}""", text("""{"api_key": "sk-SECRET", "code": "invalid_api_key"}"""))
        assertEquals("token=[redacted]; password=[redacted]", text("token=SECRET; password=SECRET"))
        assertEquals("maxAccumulatedChars=64 exceeded; the bearer of bad news", text("maxAccumulatedChars=64 exceeded; the bearer of bad news"))
        assertEquals("Incorrect API key provided", text("Incorrect API key provided"))
    }

    @Test
    fun credentialHeadersAreRecognisedByName() {
        for (name in listOf("Authorization", "x-api-key", "api-key", "x-goog-api-key", "Cookie", "X-Session-Token", "Proxy-Authorization")) {
            assertTrue(Redaction.isCredentialHeader(name), name)
        }
        for (name in listOf("Accept", "Content-Type", "anthropic-version", "User-Agent")) assertFalse(Redaction.isCredentialHeader(name), name)
    }

    @Test
    fun knownValuesAreScrubbedFromAnyText() {
        val secrets = Secrets.forRequest(
            "http://user:pass-SECRET1@h/v1?key=query-SECRET2&a=b",
            listOf("Authorization" to "Bearer sk-SECRET3", "X-Custom" to "visible-value", "x-goog-api-key" to "AIza-SECRET4"),
        )
        val echoed = "got sk-SECRET3 and AIza-SECRET4 and query-SECRET2 and pass-SECRET1; visible-value"
        assertEquals("got [redacted] and [redacted] and [redacted] and [redacted]; visible-value", secrets.scrub(echoed))
        assertEquals("short abc", Secrets.of(listOf("abc")).scrub("short abc"), "values under 6 characters are not searched for")
    }

    @Test
    fun aCleanCauseIsKeptAndADirtyOneIsReplacedByARedactedCopy() {
        val clean = ConnectException("Connection refused")
        assertSame(clean, Secrets.NONE.sanitize(clean))

        val dirty = IOException("failed: http://h/v1?key=SECRET", ConnectException("Connection refused"))
        dirty.addSuppressed(IllegalStateException("also token=SECRET"))
        val copy = Secrets.NONE.sanitize(dirty)
        assertTrue(copy is RedactedException)
        assertEquals("java.io.IOException (secrets redacted): failed: http://h/v1?key=[redacted]", copy.toString())
        assertSame(dirty.cause, copy.cause, "a clean cause stays itself")
        assertEquals(dirty.stackTrace.toList(), copy.stackTrace.toList())
        assertEquals("also token=[redacted]", copy.suppressed.single().message)

        val wrapped = RuntimeException("outer", IOException("sk-SECRET-KEY-1 rejected"))
        val scrubbed = Secrets.of(listOf("sk-SECRET-KEY-1")).sanitize(wrapped)
        assertEquals("outer", scrubbed.message)
        assertEquals("[redacted] rejected", scrubbed.cause!!.message)
    }

    @Test
    fun thePublicFunctionsApplyTheSameRules() {
        assertEquals("https://h/?alt=sse&key=[redacted]", redactUrl("https://h/?alt=sse&key=k"))
        assertEquals("see https://h/?key=[redacted]", redactText("see https://h/?key=k"))
    }
}
