package dev.sluice.llm.gemini

import dev.sluice.internal.llm.provider.gemini.GeminiSpec
import dev.sluice.internal.llm.provider.providerSpec
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.LlmRequestException
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ToolChoice
import dev.sluice.llm.request.chatRequest
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertSame

/** The Gemini request body (exact JSON), endpoint URL, headers and error bodies. */
class GeminiEncodingTest {
    private val spec = providerSpec(Provider.GEMINI)

    private fun body(request: ChatRequest): String = spec.encodeRequest(request, stream = true).toString()

    /** Compares JSON documents key order included, printing both when they differ. */
    private fun assertJson(expected: String, actual: String) {
        val pretty = Json { prettyPrint = true }
        assertEquals(pretty.encodeToString(Json.parseToJsonElement(expected)), pretty.encodeToString(Json.parseToJsonElement(actual)))
    }

    @Test
    fun toolConversationBecomesFunctionCallAndFunctionResponseParts() {
        val request = chatRequest {
            model = "gemini-2.5-flash"
            instructions = "Be brief."
            system("Use metric units.")
            user("Weather in Paris and Rome?")
            assistant {
                text = "Checking."
                toolCall("call_1", "get_weather", """{"city":"Paris"}""")
                toolCall("call_2", "get_weather", """{"city":"Rome"}""")
            }
            toolResult("call_1", """{"temp":18,"sky":"sunny"}""")
            toolResult("call_2", "22C cloudy")
            user("Thanks!")
            tool("get_weather") {
                description = "Current weather"
                strict = true
                parameters("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")
            }
            tool("ping") {}
            toolChoice = ToolChoice.auto()
            maxTokens = 300
            temperature = 0.5
            topP = 0.9
            stop("END")
        }
        assertJson(
            """{"contents":[
                 {"role":"user","parts":[{"text":"Weather in Paris and Rome?"}]},
                 {"role":"model","parts":[{"text":"Checking."},
                   {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                   {"functionCall":{"name":"get_weather","args":{"city":"Rome"}}}]},
                 {"role":"user","parts":[
                   {"functionResponse":{"name":"get_weather","response":{"temp":18,"sky":"sunny"}}},
                   {"functionResponse":{"name":"get_weather","response":{"result":"22C cloudy"}}}]},
                 {"role":"user","parts":[{"text":"Thanks!"}]}],
               "systemInstruction":{"parts":[{"text":"Be brief.\n\nUse metric units."}]},
               "tools":[{"functionDeclarations":[
                 {"name":"get_weather","description":"Current weather",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                 {"name":"ping"}]}],
               "toolConfig":{"functionCallingConfig":{"mode":"AUTO"}},
               "generationConfig":{"stopSequences":["END"],"maxOutputTokens":300,"temperature":0.5,"topP":0.9}}""",
            body(request),
        )
    }

    @Test
    fun thinkingBudgetAndSignatureGoBackOnTheFirstFunctionCall() {
        val request = chatRequest {
            model = "gemini-3-pro-preview"
            user("hi")
            assistant {
                thinking("Let me look.", "c2ln")
                toolCall("a", "lookup", """{"q":"x"}""")
                toolCall("b", "lookup", "")
            }
            toolResult("a", "42")
            toolResult("b", "[1,2]")
            thinkingBudget = 1024
            n = 2
        }
        assertJson(
            """{"contents":[
                 {"role":"user","parts":[{"text":"hi"}]},
                 {"role":"model","parts":[
                   {"functionCall":{"name":"lookup","args":{"q":"x"}},"thoughtSignature":"c2ln"},
                   {"functionCall":{"name":"lookup","args":{}}}]},
                 {"role":"user","parts":[
                   {"functionResponse":{"name":"lookup","response":{"result":42}}},
                   {"functionResponse":{"name":"lookup","response":{"result":[1,2]}}}]}],
               "generationConfig":{"candidateCount":2,"thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}}""",
            body(request),
        )
    }

    @Test
    fun toolChoiceModes() {
        fun config(choice: ToolChoice) = spec.encodeRequest(chatRequest { model = "g"; user("x"); toolChoice = choice }, true)["toolConfig"].toString()
        assertEquals("""{"functionCallingConfig":{"mode":"NONE"}}""", config(ToolChoice.none()))
        assertEquals("""{"functionCallingConfig":{"mode":"ANY"}}""", config(ToolChoice.required()))
        assertEquals("""{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}""", config(ToolChoice.function("get_weather")))
    }

    @Test
    fun extraFieldsMergeIntoGenerationConfig() {
        val request = chatRequest {
            model = "g"
            user("x")
            maxTokens = 10
            extraJson("generationConfig", """{"topK":40}""")
            extraJson("safetySettings", """[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]""")
        }
        assertJson(
            """{"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"maxOutputTokens":10,"topK":40},
               "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}""",
            body(request),
        )
    }

    @Test
    fun optionsGeminiCannotExpressFail() {
        val e = assertFailsWith<LlmRequestException> { body(chatRequest { model = "g"; user("x"); parallelToolCalls = false }) }
        assertContains(e.message!!, "Google Gemini does not support parallelToolCalls")
        val orphan = assertFailsWith<LlmRequestException> { body(chatRequest { model = "g"; user("x"); toolResult("nope", "1") }) }
        assertContains(orphan.message!!, "'nope'")
        assertFailsWith<LlmRequestException> {
            body(chatRequest { model = "g"; user("x"); assistant { toolCall("a", "f", "[1]") }; toolResult("a", "1") })
        }
    }

    @Test
    fun endpointPutsTheModelInThePathAndKeepsTheBaseQuery() {
        val request = chatRequest { model = "gemini-2.5-flash"; user("x") }
        assertSame(GeminiSpec, spec)
        assertEquals(
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
            spec.endpointUrl("https://generativelanguage.googleapis.com", request, true),
        )
        assertEquals(
            "https://proxy.example/g/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&tenant=a",
            spec.endpointUrl("https://proxy.example/g?tenant=a", request, true),
        )
        assertEquals(
            "http://127.0.0.1:9/v1beta/models/my%20model:generateContent",
            GeminiSpec.endpointUrl("http://127.0.0.1:9", chatRequest { model = "models/my model"; user("x") }, stream = false),
        )
    }

    @Test
    fun keyGoesInXGoogApiKeyAndErrorBodiesReadStatusAndCode() {
        assertEquals(mapOf("x-goog-api-key" to "k"), spec.authHeaders("k"))
        assertEquals(emptyMap(), spec.authHeaders(null))
        val error = spec.readErrorBody(
            Json.parseToJsonElement("""{"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED"}}""").jsonObject,
        )
        assertEquals("RESOURCE_EXHAUSTED", error.type)
        assertEquals("429", error.code)
        assertEquals("Quota exceeded.", error.message)
        val other = spec.readErrorBody(JsonObject(mapOf("message" to Json.parseToJsonElement("\"down\""))))
        assertNull(other.type)
        assertEquals("down", other.message)
    }
}
