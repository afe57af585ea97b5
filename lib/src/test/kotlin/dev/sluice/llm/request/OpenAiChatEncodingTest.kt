package dev.sluice.llm.request

import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertFailsWith

class OpenAiChatEncodingTest {
    private val toolCalls = """[
        {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
        {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]"""

    private fun expected(maxTokensField: String) = """{
        "model":"gpt-4o-mini",
        "messages":[
          {"role":"system","content":"Be brief."},
          {"role":"user","content":"Weather in Paris and Rome?"},
          {"role":"assistant","content":"Checking.","tool_calls":$toolCalls},
          {"role":"tool","tool_call_id":"call_1","content":"18C sunny"},
          {"role":"tool","tool_call_id":"call_2","content":"22C cloudy"}],
        "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
                  "parameters":$WEATHER_SCHEMA}}],
        "tool_choice":"auto",
        "$maxTokensField":300,"temperature":0.5,"top_p":0.9,"stop":["END"],
        "stream":true,"stream_options":{"include_usage":true}}"""

    @Test
    fun toolConversationHasToolCallsOnAssistantAndToolRoleResults() {
        assertJson(expected("max_completion_tokens"), body(Provider.OPENAI_CHAT, weatherConversation("gpt-4o-mini")))
    }

    @Test
    fun compatibleServersGetMaxTokensInsteadOfMaxCompletionTokens() {
        assertJson(expected("max_tokens"), body(Provider.OPENAI_COMPATIBLE, weatherConversation("gpt-4o-mini")))
    }

    @Test
    fun includeUsageOffDropsStreamOptions() {
        val request = chatRequest { model = "m"; user("hi"); includeUsage = false }
        assertJson("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}""", body(Provider.OPENAI_CHAT, request))
    }

    @Test
    fun nonStreamingBodySaysStreamFalseWithoutStreamOptions() {
        val request = chatRequest { model = "m"; user("hi") }
        assertJson(
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":false}""",
            body(Provider.OPENAI_CHAT, request, stream = false),
        )
    }

    @Test
    fun assistantWithOnlyToolCallsHasNullContent() {
        val request = chatRequest {
            model = "m"
            assistant { toolCall("c1", "f", "{}") }
            includeUsage = false
        }
        assertJson(
            """{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[
               {"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}],"stream":true}""",
            body(Provider.OPENAI_CHAT, request),
        )
    }

    @Test
    fun functionToolChoiceNParallelAndStrictAreWritten() {
        val request = chatRequest {
            model = "m"
            instructions = "Be kind."
            user("hi")
            tool("f") { strict = true }
            toolChoice = ToolChoice.function("f")
            parallelToolCalls = false
            n = 3
            includeUsage = false
        }
        assertJson(
            """{"model":"m",
               "messages":[{"role":"system","content":"Be kind."},{"role":"user","content":"hi"}],
               "tools":[{"type":"function","function":{"name":"f","strict":true}}],
               "tool_choice":{"type":"function","function":{"name":"f"}},
               "parallel_tool_calls":false,"n":3,"stream":true}""",
            body(Provider.OPENAI_CHAT, request),
        )
    }

    @Test
    fun noneAndRequiredToolChoicesAreStrings() {
        for ((choice, text) in listOf(ToolChoice.none() to "none", ToolChoice.required() to "required")) {
            val request = chatRequest { model = "m"; user("hi"); toolChoice = choice; includeUsage = false }
            assertJson(
                """{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"$text","stream":true}""",
                body(Provider.OPENAI_CHAT, request),
            )
        }
    }

    @Test
    fun thinkingBudgetIsRefusedWithAHint() {
        val request = chatRequest { model = "m"; user("hi"); thinkingBudget = 2048 }
        val e = assertFailsWith<LlmRequestException> { body(Provider.OPENAI_CHAT, request) }
        assertContains(e.message!!, "OpenAI Chat Completions does not support a thinking budget")
    }
}
