package dev.sluice.llm.request

import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull

class ChatRequestDslTest {
    @Test
    fun dslAndJavaBuilderMakeEqualRequests() {
        val fromBuilder = ChatRequest.builder()
            .model("gpt-4o-mini")
            .system("Be brief.")
            .user("Weather in Paris and Rome?")
            .message(
                Message.builder(Role.ASSISTANT).content("Checking.")
                    .toolCall("call_1", "get_weather", """{"city":"Paris"}""")
                    .toolCall("call_2", "get_weather", """{"city":"Rome"}""").build(),
            )
            .toolResult("call_1", "18C sunny")
            .toolResult("call_2", "22C cloudy")
            .tool(Tool.function("get_weather", "Current weather", WEATHER_SCHEMA))
            .toolChoice(ToolChoice.auto())
            .maxTokens(300).temperature(0.5).topP(0.9).stop("END")
            .build()
        assertEquals(fromBuilder, weatherConversation("gpt-4o-mini"))
        assertEquals(fromBuilder.hashCode(), weatherConversation("gpt-4o-mini").hashCode())
    }

    @Test
    fun schemaCanBeAKotlinJsonObject() {
        val request = chatRequest {
            model = "m"
            tool("get_weather") {
                parameters(
                    buildJsonObject {
                        put("type", "object")
                        putJsonObject("properties") { putJsonObject("city") { put("type", "string") } }
                    },
                )
            }
        }
        val parameters = assertNotNull(request.tools.single().parameters, "Tool.parameters is nullable: a tool may have none")
        assertJson("""{"type":"object","properties":{"city":{"type":"string"}}}""", parameters)
    }

    @Test
    fun nextTurnStartsFromAnEarlierRequest() {
        val first = chatRequest { model = "m"; system("S"); user("hi"); temperature = 0.3; extraJson("seed", "1") }
        val second = chatRequest(first) { assistant("hello"); user("again") }
        assertEquals(listOf(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER), second.messages.map { it.role })
        assertEquals(0.3, second.temperature)
        assertEquals(mapOf("seed" to "1"), second.extraFields)
        assertEquals(2, first.messages.size, "the earlier request is unchanged")
        assertEquals(second, first.toBuilder().assistant("hello").user("again").build())
    }

    @Test
    fun unsetOptionsStayNullAndUsageDefaultsOn() {
        val request = chatRequest { model = "m" }
        assertNull(request.maxTokens)
        assertNull(request.toolChoice)
        assertEquals(true, request.isIncludeUsage)
    }

    @Test
    fun missingModelAndMisfitMessagesAreRefused() {
        assertFailsWith<IllegalStateException> { chatRequest { user("hi") } }
        assertFailsWith<IllegalArgumentException> { Message.builder(Role.USER).toolCall("c", "f", "{}").content("x").build() }
        assertFailsWith<IllegalArgumentException> { Message.builder(Role.TOOL).content("x").build() }
        assertFailsWith<IllegalArgumentException> { Message.builder(Role.ASSISTANT).build() }
        assertFailsWith<IllegalArgumentException> { ChatRequest.builder().topP(1.5) }
        assertFailsWith<IllegalArgumentException> { ChatRequest.builder().maxTokens(0) }
    }
}
