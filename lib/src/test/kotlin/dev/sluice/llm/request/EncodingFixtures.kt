package dev.sluice.llm.request

import dev.sluice.internal.llm.request.encodeRequestJson
import kotlinx.serialization.json.Json
import kotlin.test.assertEquals

internal const val WEATHER_SCHEMA: String =
    """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""

/** Compares JSON trees, printing both documents when they differ. */
internal fun assertJson(expected: String, actual: String) {
    val pretty = Json { prettyPrint = true }
    val e = Json.parseToJsonElement(expected)
    val a = Json.parseToJsonElement(actual)
    assertEquals(pretty.encodeToString(e), pretty.encodeToString(a))
}

internal fun body(provider: Provider, request: ChatRequest, stream: Boolean = true): String =
    encodeRequestJson(provider, request, stream).toString()

/** A two-tool-call conversation, the same for every provider. */
internal fun weatherConversation(model: String, withStop: Boolean = true): ChatRequest = chatRequest {
    this.model = model
    system("Be brief.")
    user("Weather in Paris and Rome?")
    assistant {
        text = "Checking."
        toolCall("call_1", "get_weather", """{"city":"Paris"}""")
        toolCall("call_2", "get_weather", """{"city":"Rome"}""")
    }
    toolResult("call_1", "18C sunny")
    toolResult("call_2", "22C cloudy")
    tool("get_weather") {
        description = "Current weather"
        parameters(WEATHER_SCHEMA)
    }
    toolChoice = ToolChoice.auto()
    maxTokens = 300
    temperature = 0.5
    topP = 0.9
    if (withStop) stop("END")
}
