package dev.sluice.llm.request

import kotlinx.serialization.Serializable
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

@Serializable
data class Forecast(val city: String, val days: List<Day>, val unit: Scale = Scale.C, val note: String? = null) {
    @Serializable
    data class Day(val day: Int, val high: Double, val sunny: Boolean)

    @Serializable
    enum class Scale { C, F }
}

/** Each provider's structured-output field, exactly, and the schema derived from a @Serializable type. */
class StructuredEncodingTest {
    private val schema = """{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":false}"""

    private fun request(provider: Provider) = chatRequest {
        model = "m"
        user("Give a")
        responseSchema = ResponseSchema.of("thing", schema)
        includeUsage = false
        if (provider == Provider.OPENAI_RESPONSES) background = true
    }

    @Test
    fun openAiChatUsesResponseFormatJsonSchemaWithStrict() {
        for (provider in listOf(Provider.OPENAI_CHAT, Provider.OPENAI_COMPATIBLE)) {
            assertJson(
                """{"model":"m","messages":[{"role":"user","content":"Give a"}],
                   "response_format":{"type":"json_schema","json_schema":{"name":"thing","schema":$schema,"strict":true}},"stream":true}""",
                body(provider, request(provider)),
            )
        }
    }

    @Test
    fun responsesUsesTextFormatAndBackground() {
        assertJson(
            """{"model":"m","input":"Give a","text":{"format":{"type":"json_schema","name":"thing","schema":$schema,"strict":true}},
               "background":true,"stream":true}""",
            body(Provider.OPENAI_RESPONSES, request(Provider.OPENAI_RESPONSES)),
        )
    }

    @Test
    fun anthropicUsesOutputConfigFormat() {
        assertJson(
            """{"model":"m","max_tokens":1024,"messages":[{"role":"user","content":"Give a"}],
               "output_config":{"format":{"type":"json_schema","schema":$schema}},"stream":true}""",
            body(Provider.ANTHROPIC, request(Provider.ANTHROPIC)),
        )
    }

    @Test
    fun geminiUsesResponseMimeTypeAndResponseJsonSchema() {
        assertJson(
            """{"contents":[{"role":"user","parts":[{"text":"Give a"}]}],
               "generationConfig":{"responseMimeType":"application/json","responseJsonSchema":$schema}}""",
            body(Provider.GEMINI, request(Provider.GEMINI)),
        )
    }

    @Test
    fun ollamaUsesFormat() {
        assertJson(
            """{"model":"m","messages":[{"role":"user","content":"Give a"}],"format":$schema,"stream":true}""",
            body(Provider.OLLAMA, request(Provider.OLLAMA)),
        )
    }

    @Test
    fun backgroundIsRefusedOutsideResponses() {
        for (provider in Provider.values().filter { it != Provider.OPENAI_RESPONSES }) {
            val e = assertFailsWith<LlmRequestException>(provider.id) { body(provider, chatRequest { model = "m"; user("x"); background = true }) }
            assertContains(e.message!!, "background")
        }
    }

    @Test
    fun schemaIsDerivedFromTheSerializableDescriptor() {
        val derived = ResponseSchema.of<Forecast>()
        assertEquals("Forecast", derived.name)
        assertJson(
            """{"type":"object","properties":{
                 "city":{"type":"string"},
                 "days":{"type":"array","items":{"type":"object","properties":{
                    "day":{"type":"integer"},"high":{"type":"number"},"sunny":{"type":"boolean"}},
                    "required":["day","high","sunny"],"additionalProperties":false}},
                 "unit":{"type":"string","enum":["C","F"]},
                 "note":{"type":["string","null"]}},
               "required":["city","days","unit","note"],"additionalProperties":false}""",
            derived.schemaJson,
        )
        val loose = ResponseSchema.of<Forecast>(name = "f", strict = false)
        assertContains(loose.schemaJson, "\"required\":[\"city\",\"days\"]")
    }

    @Test
    fun schemaTextAndNameAreChecked() {
        assertFailsWith<LlmRequestException> { ResponseSchema.of("x", "[1]") }
        assertFailsWith<IllegalArgumentException> { ResponseSchema.of("has space", schema) }
    }
}
