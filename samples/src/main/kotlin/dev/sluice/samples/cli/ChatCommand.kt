package dev.sluice.samples.cli

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.StructuredOutput
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import java.util.Locale

/**
 * `chat [--provider P] [--base-url URL] [--model M] [--system S] [--max-tokens N] [--final-json FILE] PROMPT`:
 * streams a chat answer's text to standard output as it arrives, then timing and usage on
 * standard error. With no key in [environment] and no `--base-url` it answers from the embedded
 * fake server ([EmbeddedFake]), so the command works offline.
 */
internal class ChatCommand(
    private val environment: (String) -> String?,
    /**
     * Runs before each piece of answer text is printed. A test hook: tests make it throw (or
     * allocate past a small heap) to check that any failure, `OutOfMemoryError` included, ends
     * with the JSON error line.
     */
    private val beforeText: (String) -> Unit = {},
    /** Whether the embedded fake paces its answer like a model (so the streaming shows); tests that do not watch it turn it off. */
    private val pacedFake: Boolean = true,
) : CliCommand {
    override val name: String = "chat"
    override val summary: String = "stream a chat answer (offline from an embedded fake server without a key)"
    override val usage: String =
        "usage: java -jar sluice-cli.jar chat [--provider ${ChatArgs.PROVIDERS.keys.joinToString("|")}]\n" +
            "           [--base-url URL] [--model M] [--system S] [--max-tokens N] [--final-json FILE]\n" +
            "           [--max-retries N] [--connect-timeout S] [--first-token-timeout S] [--idle-timeout S]\n" +
            "           [--total-timeout S] [--json-schema FILE] [--background] [--image FILE]... PROMPT\n" +
            "\n" +
            "Streams the answer's text to standard output as it arrives, then time to first token, tokens\n" +
            "per second and usage on standard error. --final-json writes the final object, shaped like the\n" +
            "provider's non-streaming response (as `decode` prints it), to FILE. openai is openai-chat.\n" +
            "Keys come from $KEY_VARIABLES.\n" +
            "--json-schema FILE asks for an answer that follows the JSON Schema in FILE and prints the final\n" +
            "object, checked against it, as one compact JSON line after the streamed text. --image FILE\n" +
            "(.png, .jpg, .gif, .webp; repeatable) attaches an image to the prompt. --background (openai-responses\n" +
            "only) runs a background response: a dropped stream is resumed where it stopped, and standard\n" +
            "error adds `resumed: N`.\n" +
            "A failure before the first token is retried --max-retries times (default 2; 0: never). Timeouts,\n" +
            "in seconds (decimals allowed): --connect-timeout (default 10), --first-token-timeout (default 600),\n" +
            "--idle-timeout once the answer began (default 300), --total-timeout (default none).\n" +
            "With no key and no --base-url (ollama: no --base-url) the answer comes from an embedded fake\n" +
            "LLM server on 127.0.0.1, which needs no network.\n" +
            "Invalid arguments (an empty value, a number that is not a positive integer, a base URL that is\n" +
            "not an absolute http(s) URL) exit 2 with this usage. Any other failure keeps the text already\n" +
            "printed, exits 1 and ends standard error with one JSON line: {\"error\": \"<exception>\",\n" +
            "\"status\": <HTTP status>|null, \"attempts\": <HTTP attempts>, \"retryable\": true|false,\n" +
            "\"partial_chars\": <answer characters printed>, \"message\": \"...\"}."

    override fun run(args: List<String>, io: CliIo): Int {
        val chat = ChatArgs.parse(args)
        val request = try {
            ChatRequest.builder()
                .model(chat.model)
                .apply { chat.system?.let { system(it) } }
                .user(chat.prompt, *chat.images.toTypedArray())
                .apply { chat.maxTokens?.let { maxTokens(it) } }
                .responseSchema(chat.schema)
                .background(chat.background)
                .build()
        } catch (e: IllegalArgumentException) {
            throw UsageException(e.message ?: "invalid argument")
        }
        val progress = ChatProgress()
        val secrets = KEY_NAMES.mapNotNull { environment(it) }.toMutableList()
        val reserve = arrayOf<ByteArray?>(ByteArray(RESERVE_BYTES))
        var upstream: Upstream? = null
        var lineEnded = false
        try {
            val resolved = Upstream.resolve(chat.provider, chat.baseUrl, environment, pacedFake).also { upstream = it }
            resolved.notice?.let {
                io.err.println("sluice: $it")
                io.err.flush()
            }
            val config = resolved.config
            config.apiKey?.let { secrets += it.reveal() }
            val result = LlmClient(config, chat.clientOptions).use { client ->
                progress.started = true
                runBlocking {
                    client.complete(request, progress) { event ->
                        if (event is LlmEvent.TextDelta && event.choiceIndex == 0) {
                            beforeText(event.text)
                            io.out.print(event.text)
                            io.out.flush()
                            progress.partialChars += event.text.length
                        }
                    }
                }
            }
            io.out.println()
            io.out.flush()
            lineEnded = true
            chat.finalJson?.writeText(result.toProviderJson() + "\n")
            chat.schema?.let { schema ->
                // The final object, checked against the schema, as one compact line.
                io.out.println(StructuredOutput.parse(result, schema) { Json.parseToJsonElement(it).toString() })
                io.out.flush()
            }
            io.err.println(summary(result, chat.background))
            io.err.flush()
            return 0
        } catch (e: Throwable) {
            reserve[0] = null // room for the error line, even after an OutOfMemoryError
            if (progress.partialChars > 0 && !lineEnded) io.out.println()
            io.out.flush()
            return io.failWith(e, chatErrorFields(e, progress), secrets)
        } finally {
            upstream?.close()
        }
    }

    private fun summary(result: LlmResult, background: Boolean): String {
        val metrics = result.metrics
        val ttft = metrics?.timeToFirstToken?.let { String.format(Locale.ROOT, "%.1f ms", it.toNanos() / 1e6) } ?: "none"
        val rate = metrics?.outputTokensPerSecond?.let { String.format(Locale.ROOT, "%.1f", it) } ?: "n/a"
        val usage = result.usage?.let { u ->
            "input ${u.inputTokens ?: "?"}, output ${u.outputTokens ?: "?"}" +
                (if (u.totalTokens != null) ", total ${u.totalTokens}" else "") + " tokens"
        } ?: "not reported"
        val resumed = if (background) "\nresumed: ${metrics?.resumptions ?: 0}" else ""
        return "time to first token: $ttft\ntokens per second: $rate\nusage: $usage$resumed"
    }
}

/** Spare heap dropped when the command fails, so the error line can still be written after an OutOfMemoryError. */
private const val RESERVE_BYTES = 256 * 1024

/** Every variable a key may come from (for keeping those values out of error lines). */
internal val KEY_NAMES: List<String> = Provider.values().mapNotNull { it.apiKeyVariable }.distinct() + "GOOGLE_API_KEY"

/** Which variable holds whose key, derived from the provider table. */
private val KEY_VARIABLES: String = Provider.values().filter { it.apiKeyVariable != null }
    .groupBy { it.apiKeyVariable!! }
    .entries.joinToString(", ") { (variable, providers) -> "$variable (${providers.joinToString(", ") { it.id }})" } +
    "; gemini falls back to GOOGLE_API_KEY"
