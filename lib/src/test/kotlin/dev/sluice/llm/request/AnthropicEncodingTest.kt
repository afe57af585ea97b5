package dev.sluice.llm.request

import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertFailsWith

class AnthropicEncodingTest {
    @Test
    fun toolConversationBecomesToolUseAndOneUserTurnOfToolResults() {
        assertJson(
            """{"model":"claude-sonnet-4-5","max_tokens":300,"system":"Be brief.",
               "messages":[
                 {"role":"user","content":"Weather in Paris and Rome?"},
                 {"role":"assistant","content":[
                   {"type":"text","text":"Checking."},
                   {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
                   {"type":"tool_use","id":"call_2","name":"get_weather","input":{"city":"Rome"}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"call_1","content":"18C sunny"},
                   {"type":"tool_result","tool_use_id":"call_2","content":"22C cloudy"}]}],
               "tools":[{"name":"get_weather","description":"Current weather","input_schema":$WEATHER_SCHEMA}],
               "tool_choice":{"type":"auto"},"temperature":0.5,"top_p":0.9,"stop_sequences":["END"],"stream":true}""",
            body(Provider.ANTHROPIC, weatherConversation("claude-sonnet-4-5")),
        )
    }

    @Test
    fun maxTokensDefaultsTo1024() {
        val request = chatRequest { model = "c"; user("hi") }
        assertJson(
            """{"model":"c","max_tokens":1024,"messages":[{"role":"user","content":"hi"}],"stream":true}""",
            body(Provider.ANTHROPIC, request),
        )
    }

    @Test
    fun thinkingBudgetEnablesThinkingAndRaisesDefaultMaxTokens() {
        val request = chatRequest { model = "c"; user("hi"); thinkingBudget = 2048 }
        assertJson(
            """{"model":"c","max_tokens":3072,"messages":[{"role":"user","content":"hi"}],
               "thinking":{"type":"enabled","budget_tokens":2048},"stream":true}""",
            body(Provider.ANTHROPIC, request),
        )
    }

    @Test
    fun thinkingInHistoryComesBackAsSignedBlockBeforeToolUse() {
        val request = chatRequest {
            model = "c"
            instructions = "A"
            system("B")
            user("hi")
            assistant {
                thinking("Let me look.", "sig==")
                toolCall("toolu_1", "lookup", "")
            }
            toolResult("toolu_1", "found")
            user("and then?")
            maxTokens = 5000
            thinkingBudget = 1024
        }
        assertJson(
            """{"model":"c","max_tokens":5000,"system":"A\n\nB",
               "messages":[
                 {"role":"user","content":"hi"},
                 {"role":"assistant","content":[
                   {"type":"thinking","thinking":"Let me look.","signature":"sig=="},
                   {"type":"tool_use","id":"toolu_1","name":"lookup","input":{}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_1","content":"found"},
                   {"type":"text","text":"and then?"}]}],
               "thinking":{"type":"enabled","budget_tokens":1024},"stream":true}""",
            body(Provider.ANTHROPIC, request),
        )
    }

    @Test
    fun toolChoicesUseAnthropicShapes() {
        val cases = listOf(
            ToolChoice.required() to """{"type":"any"}""",
            ToolChoice.none() to """{"type":"none"}""",
            ToolChoice.function("f") to """{"type":"tool","name":"f"}""",
        )
        for ((choice, json) in cases) {
            val request = chatRequest { model = "c"; user("hi"); tool("f") {}; toolChoice = choice }
            assertJson(
                """{"model":"c","max_tokens":1024,"messages":[{"role":"user","content":"hi"}],
                   "tools":[{"name":"f","input_schema":{"type":"object","properties":{}}}],
                   "tool_choice":$json,"stream":true}""",
                body(Provider.ANTHROPIC, request),
            )
        }
    }

    @Test
    fun noParallelToolCallsDisablesParallelUseUnderAuto() {
        val request = chatRequest { model = "c"; user("hi"); parallelToolCalls = false }
        assertJson(
            """{"model":"c","max_tokens":1024,"messages":[{"role":"user","content":"hi"}],
               "tool_choice":{"type":"auto","disable_parallel_tool_use":true},"stream":true}""",
            body(Provider.ANTHROPIC, request),
        )
    }

    @Test
    fun toolCallArgumentsThatAreNotAnObjectFailNamingTheCall() {
        val request = chatRequest { model = "c"; assistant { toolCall("toolu_9", "f", """{"a":""") } }
        val e = assertFailsWith<LlmRequestException> { body(Provider.ANTHROPIC, request) }
        assertContains(e.message!!, "arguments of tool call 'toolu_9' (f)")
        val array = chatRequest { model = "c"; assistant { toolCall("toolu_9", "f", "[1]") } }
        assertContains(assertFailsWith<LlmRequestException> { body(Provider.ANTHROPIC, array) }.message!!, "must be a JSON object")
    }

    @Test
    fun nIsRefused() {
        val request = chatRequest { model = "c"; user("hi"); n = 2 }
        assertContains(assertFailsWith<LlmRequestException> { body(Provider.ANTHROPIC, request) }.message!!, "Anthropic Messages does not support n")
    }
}
