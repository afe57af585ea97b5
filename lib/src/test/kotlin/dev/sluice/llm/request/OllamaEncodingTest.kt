package dev.sluice.llm.request

import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertFailsWith

class OllamaEncodingTest {
    @Test
    fun toolConversationHasObjectArgumentsToolNamesAndOptions() {
        assertJson(
            """{"model":"llama3.2",
               "messages":[
                 {"role":"system","content":"Be brief."},
                 {"role":"user","content":"Weather in Paris and Rome?"},
                 {"role":"assistant","content":"Checking.","tool_calls":[
                   {"function":{"name":"get_weather","arguments":{"city":"Paris"}}},
                   {"function":{"name":"get_weather","arguments":{"city":"Rome"}}}]},
                 {"role":"tool","content":"18C sunny","tool_name":"get_weather"},
                 {"role":"tool","content":"22C cloudy","tool_name":"get_weather"}],
               "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
                         "parameters":$WEATHER_SCHEMA}}],
               "stream":true,
               "options":{"temperature":0.5,"top_p":0.9,"num_predict":300,"stop":["END"]}}""",
            body(Provider.OLLAMA, weatherConversation("llama3.2")),
        )
    }

    @Test
    fun plainPromptHasNoOptionsAndAToolResultForAnUnknownCallHasNoName() {
        val request = chatRequest { model = "qwen3"; user("hi"); toolResult("nowhere", "x") }
        assertJson(
            """{"model":"qwen3","messages":[{"role":"user","content":"hi"},{"role":"tool","content":"x"}],"stream":true}""",
            body(Provider.OLLAMA, request),
        )
    }

    @Test
    fun optionsItHasNoWayToExpressAreRefused() {
        val cases = mapOf(
            "a thinking budget" to chatRequest { model = "m"; user("hi"); thinkingBudget = 1024 },
            "n (several choices)" to chatRequest { model = "m"; user("hi"); n = 2 },
            "tool choice REQUIRED" to chatRequest { model = "m"; user("hi"); toolChoice = ToolChoice.required() },
            "parallelToolCalls" to chatRequest { model = "m"; user("hi"); parallelToolCalls = false },
        )
        for ((what, request) in cases) {
            val e = assertFailsWith<LlmRequestException> { body(Provider.OLLAMA, request) }
            assertContains(e.message!!, "Ollama does not support $what")
        }
    }
}
