package dev.sluice.testkit

import kotlinx.serialization.json.JsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

@Timeout(30)
class ScriptSelectionTest {
    private val server = FakeLlmServer().start()

    @AfterEach
    fun stop() = server.close()

    private fun replyTo(prompt: String, path: String = "/v1/chat/completions"): String {
        val result = post("${server.baseUrl}$path", chatBody(prompt))
        return parseSse(result.body).filter { it.data != "[DONE]" }.map { it.json().choice().obj("delta") }
            .mapNotNull { (it["content"] as? JsonPrimitive)?.takeIf { p -> p.isString }?.content }.joinToString("")
    }

    @Test
    fun queuedScriptsAnswerInOrderThenRulesThenDefaultThenEcho() {
        server.onPromptContaining("weather", textScript("Sunny."))
        server.enqueue(textScript("first"), textScript("second"))

        assertEquals("first", replyTo("weather?"))
        assertEquals("second", replyTo("anything"))
        assertEquals(0, server.queuedScripts())
        assertEquals("Sunny.", replyTo("what weather today"))
        assertEquals(defaultReplyText("hello"), replyTo("hello"))
        server.defaultScript(textScript("Default."))
        assertEquals("Default.", replyTo("hello"))
        assertEquals("Sunny.", replyTo("weather again"))
        server.defaultScript(null)
        assertEquals(defaultReplyText("hello"), replyTo("hello"))
    }

    @Test
    fun rulesAreTriedInOrderWithAnyMatcher() {
        server.on({ it.model() == "gpt-test" && it.header("Authorization") == "Bearer sk-1" }, textScript("authorised"))
        server.on({ true }, textScript("fallback"))

        val result = post("${server.openAiBaseUrl}/chat/completions", chatBody("x"), mapOf("Authorization" to "Bearer sk-1"))
        assertTrue(result.body.contains("authorised"))
        assertEquals("fallback", replyTo("x"))
    }

    @Test
    fun scriptSourceComputesTheReplyFromTheRequestOrPasses() {
        server.on(ScriptSource { request -> request.lastUserMessage()?.let { if (it.startsWith("upper ")) textScript(it.removePrefix("upper ").uppercase()) else null } })
        server.defaultScript(textScript("default"))

        assertEquals("SHOUT", replyTo("upper shout"))
        assertEquals("default", replyTo("quiet"))
    }

    @Test
    fun echoReplyIsDeterministicAndExact() {
        val prompt = "  multi\nline   prompt  "
        assertEquals(defaultReplyText(prompt), replyTo(prompt))
        assertEquals(replyTo(prompt), replyTo(prompt))
        assertEquals("You said: hi. Here is a short answer from the Sluice fake server.", defaultReplyText("hi"))
    }

    @Test
    fun requestsAreRecordedWithMethodPathHeadersAndBody() {
        val body = chatBody("record me", includeUsage = true)
        post("${server.openAiBaseUrl}/chat/completions?api-version=1", body, mapOf("Authorization" to "Bearer sk-test", "X-Custom" to "v"))

        val request = server.requests().single()
        assertEquals(request, server.lastRequest())
        assertEquals("POST", request.method)
        assertEquals("/v1/chat/completions", request.path)
        assertEquals("api-version=1", request.query)
        assertEquals("Bearer sk-test", request.header("authorization"))
        assertEquals("v", request.header("X-CUSTOM"))
        assertEquals(listOf("Bearer sk-test"), request.headerValues("Authorization"))
        assertTrue("authorization" in request.headerNames())
        assertEquals(body, request.body)
        assertEquals(WireFormat.OPENAI_CHAT, request.format)
        assertEquals("gpt-test", request.model())
        assertTrue(request.isStream())
        assertEquals("record me", request.lastUserMessage())
        assertEquals("""{"include_usage":true}""", request.jsonField("stream_options"))
        assertEquals("\"gpt-test\"", request.jsonField("model"))
        assertNull(request.jsonField("absent"))
        server.clearRequests()
        assertEquals(0, server.requestCount())
    }

    @Test
    fun lastUserMessageReadsEveryFormat() {
        post("${server.anthropicBaseUrl}/v1/messages", """{"model":"c","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"blocks"}]},{"role":"assistant","content":"a"},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"r"},{"type":"text","text":"after tool"}]}]}""")
        post("${server.openAiBaseUrl}/responses", """{"model":"r","stream":true,"input":"plain input"}""")
        post("${server.ollamaBaseUrl}/api/chat", """{"model":"o","messages":[{"role":"user","content":"ollama says"}]}""")

        val requests = server.requests()
        assertEquals(listOf(WireFormat.ANTHROPIC, WireFormat.OPENAI_RESPONSES, WireFormat.OLLAMA), requests.map { it.format })
        assertEquals(listOf("after tool", "plain input", "ollama says"), requests.map { it.lastUserMessage() })
        assertTrue(requests[2].isStream(), "Ollama streams unless told otherwise")
    }

    @Test
    fun unknownPathIs404AndRecorded() {
        val result = post("${server.baseUrl}/v2/nothing", "{}")

        assertEquals(404, result.status)
        assertTrue(result.json().obj("error").str("message").contains("/v2/nothing"))
        assertNull(server.lastRequest()!!.format)
    }

    @Test
    fun bodyThatIsNotJsonIs400InTheProviderShape() {
        val result = post("${server.anthropicBaseUrl}/v1/messages", "not json")

        assertEquals(400, result.status)
        assertEquals("invalid_request_error", result.json().obj("error").str("type"))
        assertFalse(server.lastRequest()!!.isJson())
        assertEquals("not json", server.lastRequest()!!.body)
    }

    @Test
    fun resetForgetsScriptsAndRequests() {
        server.enqueue(textScript("queued"))
        server.defaultScript(textScript("default"))
        replyTo("a")
        server.enqueue(textScript("queued again"))

        server.reset()

        assertEquals(0, server.requestCount())
        assertEquals(0, server.queuedScripts())
        assertEquals(defaultReplyText("b"), replyTo("b"))
    }

    @Test
    fun baseUrlsAndLifecycle() {
        val port = server.port
        assertEquals("http://127.0.0.1:$port/v1", server.openAiBaseUrl)
        assertEquals("http://127.0.0.1:$port", server.anthropicBaseUrl)
        assertEquals("http://127.0.0.1:$port", server.ollamaBaseUrl)
        assertTrue(port > 0)
        assertTrue(server.start().isRunning(), "start twice is harmless")
        server.close()
        server.close()
        assertFalse(server.isRunning())
        assertFailsWith<IllegalStateException> { server.port }
        assertFailsWith<IllegalStateException> { server.start() }
        assertFailsWith<IllegalStateException> { FakeLlmServer().port }
    }

    @Test
    fun aTakenPortFailsWithAClearMessage() {
        val error = assertFailsWith<IllegalStateException> { FakeLlmServer(server.port).start() }
        assertTrue(error.message!!.contains("127.0.0.1:${server.port}"), error.message)
    }
}
