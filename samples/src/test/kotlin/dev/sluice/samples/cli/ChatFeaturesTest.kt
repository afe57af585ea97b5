package dev.sluice.samples.cli

import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.Fault
import dev.sluice.testkit.script
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** `chat --json-schema`, `--background` and `--image` against the fake server. */
@Timeout(60)
class ChatFeaturesTest {
    private val fake = FakeLlmServer().start()

    @AfterEach
    fun stop() = fake.close()

    private val schemaText = """{"type":"object","properties":{"city":{"type":"string"},"high":{"type":"number"}},"required":["city","high"],"additionalProperties":false}"""

    private fun chat(env: Map<String, String>, vararg args: String): CliRun = runChat(env, *args)

    private fun baseFor(provider: String) = fake.cliBaseUrl(provider)

    @ParameterizedTest
    @ValueSource(strings = ["openai", "openai-responses", "anthropic", "openai-compatible", "ollama", "gemini"])
    fun jsonSchemaPrintsTheFinalObjectAsOneCompactLineAfterTheText(provider: String, @TempDir dir: File) {
        val file = File(dir, "weather.json").apply { writeText(schemaText) }
        fake.enqueue(script { tokens("{\"city\": ", "\"Paris\",", " \"high\": 21.5}") })
        val run = chat(emptyMap(), "--provider", provider, "--base-url", baseFor(provider), "--model", "m", "--json-schema", file.path, "Weather?")
        assertEquals(0, run.status, run.err)
        assertEquals(listOf("{\"city\": \"Paris\", \"high\": 21.5}", "{\"city\":\"Paris\",\"high\":21.5}"), run.outLines)
        val body = fake.lastRequest()!!.body
        assertTrue(body.contains("\"additionalProperties\":false"), body)
    }

    @Test
    fun anAnswerThatBreaksTheSchemaIsTheErrorLine(@TempDir dir: File) {
        val file = File(dir, "weather.json").apply { writeText(schemaText) }
        fake.enqueue(script { text("""{"city": "Paris"}""") })
        val run = chat(emptyMap(), "--base-url", fake.openAiBaseUrl, "--json-schema", file.path, "Weather?")
        assertEquals(1, run.status, run.err)
        val line = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals("LlmSchemaException", line["error"]!!.jsonPrimitive.content)
        assertTrue(line["message"]!!.jsonPrimitive.content.contains("$.high"), run.lastErrLine)
    }

    @Test
    fun theEmbeddedFakeAnswersASchemaWithAnObjectThatFits(@TempDir dir: File) {
        val file = File(dir, "weather.json").apply { writeText(schemaText) }
        val run = chat(emptyMap(), "--json-schema", file.path, "Weather?")
        assertEquals(0, run.status, run.err)
        assertEquals("""{"city":"fake","high":1.5}""", run.outLines.last())
    }

    @Test
    fun backgroundResumesAfterADropAndSaysSo() {
        val answer = script { text("Rivers carry water, sediment and life to the sea.") }
        fake.enqueue(answer.toBuilder().fault(Fault.DropConnection(4)).build())
        val run = chat(emptyMap(), "--provider", "openai-responses", "--base-url", fake.openAiBaseUrl, "--background", "Tell me about rivers")
        assertEquals(0, run.status, run.err)
        assertEquals(answer.text() + "\n", run.out)
        assertTrue("resumed: 1" in run.err.lines(), run.err)
        assertTrue(fake.requests().any { it.method == "GET" && it.query.startsWith("stream=true&starting_after=") })
    }

    @Test
    fun backgroundWithoutADropSaysResumedZeroAndOtherProvidersRefuseIt() {
        fake.enqueue(script { text("Short.") })
        val ok = chat(emptyMap(), "--provider", "openai-responses", "--base-url", fake.openAiBaseUrl, "--background", "Hi")
        assertEquals(0, ok.status, ok.err)
        assertTrue("resumed: 0" in ok.err.lines(), ok.err)
        val refused = chat(emptyMap(), "--provider", "anthropic", "--base-url", fake.anthropicBaseUrl, "--background", "Hi")
        assertEquals(2, refused.status)
        assertEquals(1, fake.requestCount())
    }

    @Test
    fun imagesAreAttachedToThePrompt(@TempDir dir: File) {
        val a = File(dir, "a.png").apply { writeBytes(byteArrayOf(1, 2, 3)) }
        val b = File(dir, "b.jpg").apply { writeBytes(byteArrayOf(9, 9)) }
        fake.enqueue(script { text("Two pictures.") })
        val run = chat(emptyMap(), "--base-url", fake.openAiBaseUrl, "--image", a.path, "--image=${b.path}", "What is this?")
        assertEquals(0, run.status, run.err)
        val content = fake.lastRequest()!!.bodyJson()!!["messages"]!!.jsonArray.last().jsonObject["content"]!!.jsonArray
        assertEquals(
            listOf("What is this?", "data:image/png;base64,AQID", "data:image/jpeg;base64,CQk="),
            content.map { part -> part.jsonObject["text"]?.jsonPrimitive?.content ?: part.jsonObject["image_url"]!!.jsonObject["url"]!!.jsonPrimitive.content },
        )
        val bad = chat(emptyMap(), "--base-url", fake.openAiBaseUrl, "--image", File(dir, "notes.txt").apply { writeText("x") }.path, "Hi")
        assertEquals(2, bad.status)
    }
}
