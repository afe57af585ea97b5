package dev.sluice.llm.client

import dev.sluice.llm.LlmSchemaException
import dev.sluice.llm.StructuredOutput
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Forecast
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ResponseSchema
import dev.sluice.llm.request.chatRequest
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.script
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** Structured answers end to end against the fake server: the schema sent, the object as it grows, the typed result. */
@Timeout(30)
class StructuredOutputTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()

        const val ANSWER = """{"city":"Paris","days":[{"day":1,"high":21.5,"sunny":true},{"day":2,"high":18,"sunny":false}],"unit":"C","note":null}"""

        /** The answer in 6-character tokens, as a model streams JSON. */
        val TOKENS: List<String> = ANSWER.chunked(6)
    }

    private val fake get() = fakeServer.server()

    private fun request(): ChatRequest = chatRequest {
        model = "m"
        user("Forecast for Paris")
        responseSchema = ResponseSchema.of<Forecast>()
    }

    /** Where each provider's request carries the schema. */
    private fun schemaSent(provider: Provider, body: kotlinx.serialization.json.JsonObject): JsonElement? = when (provider) {
        Provider.OPENAI_CHAT, Provider.OPENAI_COMPATIBLE -> body["response_format"]?.jsonObject?.get("json_schema")?.jsonObject?.get("schema")
        Provider.OPENAI_RESPONSES -> body["text"]?.jsonObject?.get("format")?.jsonObject?.get("schema")
        Provider.ANTHROPIC -> body["output_config"]?.jsonObject?.get("format")?.jsonObject?.get("schema")
        Provider.GEMINI -> body["generationConfig"]?.jsonObject?.get("responseJsonSchema")
        Provider.OLLAMA -> body["format"]
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun theTypedObjectArrivesAfterPartialObjectsThatGrow(provider: Provider): Unit = runBlocking {
        fake.enqueue(script { tokens(TOKENS) })
        clientFor(provider, fake).use { client ->
            val partials = ArrayList<JsonElement>()
            val forecast = client.completeObject(request(), Forecast.serializer()) { partials += it }
            assertEquals(Forecast("Paris", listOf(Forecast.Day(1, 21.5, true), Forecast.Day(2, 18.0, false))), forecast)
            assertEquals(Json.parseToJsonElement(ResponseSchema.of<Forecast>().schemaJson), schemaSent(provider, fake.lastRequest()!!.bodyJson()!!))
            assertTrue(partials.size >= 5, "partials: $partials")
            assertEquals(Json.parseToJsonElement(ANSWER), partials.last())
            // The city is complete before the days begin: partial objects grow in answer order.
            assertEquals("\"Paris\"", partials.first { it.jsonObject["days"] != null }.jsonObject["city"].toString())
            assertTrue(partials.zipWithNext().all { (a, b) -> a != b }, "no partial repeats the one before")
        }
    }

    @Test
    fun partialObjectsFlowEmitsTheGrowingObject(): Unit = runBlocking {
        fake.enqueue(script { tokens(TOKENS) })
        clientFor(Provider.OPENAI_CHAT, fake).use { client ->
            val partials = client.partialObjects(request()).toList()
            assertEquals("{}", partials.first().toString()) // `{"city"`: a key without its value yet
            assertEquals("""{"city":"Par"}""", partials[1].toString())
            assertEquals(Json.parseToJsonElement(ANSWER), partials.last())
        }
    }

    @Test
    fun anAnswerThatBreaksTheSchemaNamesThePath(): Unit = runBlocking {
        fake.enqueue(script { text("""{"city":"Paris","days":[{"day":1,"high":"warm","sunny":true}],"unit":"C","note":null}""") })
        clientFor(Provider.ANTHROPIC, fake).use { client ->
            val e = assertFailsWith<LlmSchemaException> { client.completeObject(request(), Forecast.serializer()) }
            assertEquals("$.days[0].high", e.path)
            assertEquals("expected number, got a string", e.reason)
        }
    }

    @Test
    fun missingAndExtraPropertiesAndBrokenJsonAreTypedErrors() {
        val schema = ResponseSchema.of<Forecast>()
        fun fail(text: String): LlmSchemaException {
            val out = StructuredOutput(schema)
            out.add(dev.sluice.llm.LlmEvent.TextDelta(0, text, dev.sluice.llm.LlmRawEvent(null, "")))
            return assertFailsWith { out.decode(Forecast.serializer()) }
        }
        assertEquals("$.days", fail("""{"city":"Paris","unit":"C","note":null}""").path)
        assertEquals("$.extra", fail("""{"city":"P","days":[],"unit":"C","note":null,"extra":1}""").path)
        assertEquals("$.unit", fail("""{"city":"P","days":[],"unit":"K","note":null}""").path)
        assertEquals("$", fail("""{"city":"P","days":[""").path)
    }
}
