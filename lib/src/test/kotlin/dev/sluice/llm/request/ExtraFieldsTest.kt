package dev.sluice.llm.request

import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

class ExtraFieldsTest {
    @Test
    fun extraFieldsAreAddedAtTopLevel() {
        val request = chatRequest {
            model = "m"
            user("hi")
            includeUsage = false
            extra("reasoning_effort", JsonPrimitive("low"))
            extraJson("metadata", """{"user":"42"}""")
            extraJson("seed", "7")
        }
        assertJson(
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,
               "reasoning_effort":"low","metadata":{"user":"42"},"seed":7}""",
            body(Provider.OPENAI_CHAT, request),
        )
    }

    @Test
    fun anExtraScalarReplacesTheEncodedField() {
        val request = chatRequest { model = "m"; user("hi"); temperature = 0.1; includeUsage = false; extraJson("temperature", "1.5") }
        assertJson(
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":1.5,"stream":true}""",
            body(Provider.OPENAI_CHAT, request),
        )
    }

    @Test
    fun anExtraObjectMergesIntoTheEncodedObject() {
        val request = chatRequest {
            model = "m"
            user("hi")
            temperature = 0.2
            extra("options", buildJsonObject { put("num_ctx", 8192) })
            extraJson("keep_alive", "\"10m\"")
        }
        assertJson(
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,
               "options":{"temperature":0.2,"num_ctx":8192},"keep_alive":"10m"}""",
            body(Provider.OLLAMA, request),
        )
        val chat = chatRequest { model = "m"; user("hi"); extraJson("stream_options", """{"include_obfuscation":false}""") }
        assertJson(
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,
               "stream_options":{"include_usage":true,"include_obfuscation":false}}""",
            body(Provider.OPENAI_CHAT, chat),
        )
    }

    @Test
    fun javaBuilderExtraFromKotlinJsonElement() {
        val request = ChatRequest.builder().model("m").user("hi").includeUsage(false)
            .extraField("service_tier", JsonPrimitive("flex")).build()
        assertJson(
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,"service_tier":"flex"}""",
            body(Provider.OPENAI_CHAT, request),
        )
    }

    @Test
    fun rawJsonThatDoesNotParseIsRefusedNamingTheField() {
        val e = assertFailsWith<LlmRequestException> { ChatRequest.builder().extraField("reasoning_effort", "low") }
        assertEquals("extra field 'reasoning_effort' is not valid JSON: unquoted 'low' (a string needs quotes)", e.message)
        assertFailsWith<LlmRequestException> { ChatRequest.builder().extraField("x", """{"a":[1, nope]}""") }
        assertFailsWith<LlmRequestException> { ChatRequest.builder().extraField("x", "01") }
        ChatRequest.builder().extraField("ok", """{"a":[1, -2.5e3, true, false, null, "low"]}""")
        assertFailsWith<LlmRequestException> { ChatRequest.builder().extraField("x", "{\"a\":1} trailing") }
        val dsl = assertFailsWith<LlmRequestException> { chatRequest { model = "m"; extraJson("bad", "{") } }
        assertContains(dsl.message!!, "extra field 'bad'")
    }

    @Test
    fun schemaThatIsNotAJsonObjectIsRefusedNamingTheTool() {
        val e = assertFailsWith<LlmRequestException> { Tool.builder("lookup").parameters("[]") }
        assertContains(e.message!!, "parameters of tool 'lookup' must be a JSON object")
    }
}
