package dev.sluice.llm.request

import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertFailsWith

class ResponsesEncodingTest {
    @Test
    fun toolConversationBecomesFunctionCallItemsWithSystemLiftedIntoInstructions() {
        assertJson(
            """{"model":"gpt-4.1","instructions":"Be brief.",
               "input":[
                 {"role":"user","content":"Weather in Paris and Rome?"},
                 {"role":"assistant","content":"Checking."},
                 {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
                 {"type":"function_call","call_id":"call_2","name":"get_weather","arguments":"{\"city\":\"Rome\"}"},
                 {"type":"function_call_output","call_id":"call_1","output":"18C sunny"},
                 {"type":"function_call_output","call_id":"call_2","output":"22C cloudy"}],
               "tools":[{"type":"function","name":"get_weather","description":"Current weather",
                         "parameters":$WEATHER_SCHEMA,"strict":false}],
               "tool_choice":"auto","max_output_tokens":300,"temperature":0.5,"top_p":0.9,"stream":true}""",
            body(Provider.OPENAI_RESPONSES, weatherConversation("gpt-4.1", withStop = false)),
        )
    }

    @Test
    fun singleUserTextIsAPlainStringInput() {
        val request = chatRequest { model = "gpt-4.1"; instructions = "Talk like a pirate."; input("Hello") }
        assertJson(
            """{"model":"gpt-4.1","instructions":"Talk like a pirate.","input":"Hello","stream":true}""",
            body(Provider.OPENAI_RESPONSES, request),
        )
    }

    @Test
    fun explicitInstructionsKeepSystemMessagesInTheInputList() {
        val request = chatRequest { model = "m"; instructions = "A"; system("B"); user("hi") }
        assertJson(
            """{"model":"m","instructions":"A",
               "input":[{"role":"system","content":"B"},{"role":"user","content":"hi"}],"stream":true}""",
            body(Provider.OPENAI_RESPONSES, request),
        )
    }

    @Test
    fun severalSystemMessagesJoinIntoInstructions() {
        val request = chatRequest { model = "m"; system("A"); system("B"); user("hi") }
        assertJson(
            """{"model":"m","instructions":"A\n\nB","input":"hi","stream":true}""",
            body(Provider.OPENAI_RESPONSES, request),
        )
    }

    @Test
    fun toolWithoutSchemaGetsEmptyObjectSchemaAndStrictIsKeptWhenSet() {
        val request = chatRequest {
            model = "m"
            user("hi")
            tool("now") {}
            tool("f") { parameters(WEATHER_SCHEMA); strict = true }
            toolChoice = ToolChoice.function("f")
            parallelToolCalls = true
        }
        assertJson(
            """{"model":"m","input":"hi",
               "tools":[{"type":"function","name":"now","parameters":{"type":"object","properties":{}},"strict":false},
                        {"type":"function","name":"f","parameters":$WEATHER_SCHEMA,"strict":true}],
               "tool_choice":{"type":"function","name":"f"},"parallel_tool_calls":true,"stream":true}""",
            body(Provider.OPENAI_RESPONSES, request),
        )
    }

    @Test
    fun stopAndNAreRefused() {
        val stop = chatRequest { model = "m"; user("hi"); stop("x") }
        assertContains(assertFailsWith<LlmRequestException> { body(Provider.OPENAI_RESPONSES, stop) }.message!!, "stop sequences")
        val n = chatRequest { model = "m"; user("hi"); n = 2 }
        assertContains(assertFailsWith<LlmRequestException> { body(Provider.OPENAI_RESPONSES, n) }.message!!, "OpenAI Responses does not support n")
    }
}
