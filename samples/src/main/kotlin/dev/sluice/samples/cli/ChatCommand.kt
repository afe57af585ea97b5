package dev.sluice.samples.cli

import dev.sluice.http.HttpStatusException
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.metrics.MetricsListener
import dev.sluice.metrics.StreamMetrics
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonPrimitive
import java.io.File
import java.util.Locale

/**
 * `chat [--provider P] [--base-url URL] [--model M] [--system S] [--max-tokens N] [--final-json FILE]
 * [--max-retries N] [--connect-timeout S] [--first-token-timeout S] [--idle-timeout S] [--total-timeout S] PROMPT`:
 * streams a chat answer's text to standard output as it arrives, then timing and usage on
 * standard error. With no key in [environment] and no `--base-url` it answers from the embedded
 * fake server ([EmbeddedFake]), so the command works offline.
 */
internal class ChatCommand(private val environment: (String) -> String?) : CliCommand {
    override val name: String = "chat"
    override val summary: String = "stream a chat answer (offline from an embedded fake server without a key)"
    override val usage: String =
        "usage: java -jar sluice-cli.jar chat [--provider ${PROVIDERS.keys.joinToString("|")}]\n" +
            "           [--base-url URL] [--model M] [--system S] [--max-tokens N] [--final-json FILE]\n" +
            "           [--max-retries N] [--connect-timeout S] [--first-token-timeout S] [--idle-timeout S]\n" +
            "           [--total-timeout S] PROMPT\n" +
            "\n" +
            "Streams the answer's text to standard output as it arrives, then time to first token, tokens\n" +
            "per second and usage on standard error. --final-json writes the final object, shaped like the\n" +
            "provider's non-streaming response (as `decode` prints it), to FILE. openai is openai-chat.\n" +
            "Keys come from $KEY_VARIABLES.\n" +
            "A failure before the first token is retried --max-retries times (default 2; 0: never). Timeouts,\n" +
            "in seconds (decimals allowed): --connect-timeout (default 10), --first-token-timeout (default 600),\n" +
            "--idle-timeout once the answer began (default 300), --total-timeout (default none).\n" +
            "With no key and no --base-url (ollama: no --base-url) the answer comes from an embedded fake\n" +
            "LLM server on 127.0.0.1, which needs no network. On failure: exit status 1 and a JSON error line\n" +
            "{\"error\", \"status\", \"attempts\", \"message\"} on standard error (attempts: requests sent)."

    override fun run(args: List<String>, io: CliIo): Int {
        val (options, prompt) = parseArgs(args)
        val provider = PROVIDERS[options["--provider"] ?: "openai"]
            ?: throw UsageException("--provider wants one of ${PROVIDERS.keys.joinToString("|")}; got '${options["--provider"]}'")
        val maxTokens = options.positiveInt("--max-tokens")
        val model = options["--model"] ?: DEFAULT_MODELS[provider]
            ?: throw UsageException("--provider ${options["--provider"]} has no default model: give --model")
        val request = ChatRequest.builder()
            .model(model)
            .apply { options["--system"]?.let { system(it) } }
            .user(prompt)
            .apply { if (maxTokens != null) maxTokens(maxTokens) }
            .build()
        val finalJson = options["--final-json"]?.let(::File)
        val clientOptions = clientOptions(options)

        val attempts = AttemptCounter()
        var printed = false
        var fake: EmbeddedFake? = null
        try {
            val baseUrl = options["--base-url"]
            val keyVariable = provider.apiKeyVariable
            val config = if (baseUrl == null && (keyVariable == null || !hasKey(provider))) {
                fake = EmbeddedFake.start()
                val reason = if (keyVariable == null) "no --base-url" else "no $keyVariable and no --base-url"
                io.err.println("sluice: $reason: answering from the embedded fake LLM server at ${fake.baseUrlFor(provider)} (offline)")
                io.err.flush()
                ProviderConfig.builder(provider).baseUrl(fake.baseUrlFor(provider)).environment(emptyMap()).build()
            } else {
                ProviderConfig.builder(provider).environment { environment(it) }
                    .apply { if (baseUrl != null) baseUrl(baseUrl) }
                    .build()
            }
            val result = LlmClient(config, clientOptions).use { client ->
                runBlocking {
                    client.complete(request, attempts) { event ->
                        if (event is LlmEvent.TextDelta && event.choiceIndex == 0) {
                            io.out.print(event.text)
                            io.out.flush()
                            printed = true
                        }
                    }
                }
            }
            io.out.println()
            io.out.flush()
            finalJson?.writeText(result.toProviderJson() + "\n")
            io.err.println(summary(result))
            io.err.flush()
            return 0
        } catch (e: Exception) {
            if (printed) io.out.println()
            io.out.flush()
            val status = (e as? HttpStatusException)?.status
            return io.failWith(
                e,
                linkedMapOf(
                    "status" to (if (status == null) JsonNull else JsonPrimitive(status)),
                    "attempts" to JsonPrimitive(attempts.count),
                ),
            )
        } finally {
            fake?.close()
        }
    }

    /** Retries and timeouts from the command line; those not given keep the library's defaults. */
    private fun clientOptions(options: CliOptions): LlmClientOptions = LlmClientOptions().apply {
        options.nonNegativeInt("--max-retries")?.let { retryPolicy = retryPolicy.withMaxRetries(it) }
        options.seconds("--connect-timeout")?.let { connectTimeout = it }
        options.seconds("--first-token-timeout")?.let { firstTokenTimeout = it }
        options.seconds("--idle-timeout")?.let { idleTimeout = it }
        options.seconds("--total-timeout")?.let { totalTimeout = it }
    }

    /**
     * Whether the environment holds a key for [provider], as the library reads it (Gemini also
     * from GOOGLE_API_KEY). Probed against a loopback base URL unless the environment names a base
     * URL (an OpenAI-compatible server reads OPENAI_API_KEY only with OPENAI_BASE_URL).
     */
    private fun hasKey(provider: Provider): Boolean {
        val envBase = provider.baseUrlVariable?.let(environment)
        val probe = ProviderConfig.builder(provider).environment { environment(it) }
        if (envBase.isNullOrBlank()) probe.baseUrl("http://127.0.0.1")
        return probe.build().hasApiKey()
    }

    /** Options (`--name value` / `--name=value`) apart from the one positional argument, the prompt. */
    private fun parseArgs(args: List<String>): Pair<CliOptions, String> {
        val optionArgs = ArrayList<String>()
        val positional = ArrayList<String>()
        var i = 0
        while (i < args.size) {
            val arg = args[i]
            if (arg.startsWith("--") && arg.length > 2) {
                optionArgs += arg
                if ('=' !in arg && i + 1 < args.size) optionArgs += args[++i]
            } else {
                positional += arg
            }
            i++
        }
        val options = CliOptions.parse(optionArgs, OPTIONS)
        if (positional.size != 1) {
            throw UsageException(if (positional.isEmpty()) "missing PROMPT" else "one PROMPT expected, got ${positional.size}: quote it")
        }
        return options to positional.single()
    }

    private fun summary(result: LlmResult): String {
        val metrics = result.metrics
        val ttft = metrics?.timeToFirstToken?.let { String.format(Locale.ROOT, "%.1f ms", it.toNanos() / 1e6) } ?: "none"
        val rate = metrics?.outputTokensPerSecond?.let { String.format(Locale.ROOT, "%.1f", it) } ?: "n/a"
        val usage = result.usage?.let { u ->
            "input ${u.inputTokens ?: "?"}, output ${u.outputTokens ?: "?"}" +
                (if (u.totalTokens != null) ", total ${u.totalTokens}" else "") + " tokens"
        } ?: "not reported"
        return "time to first token: $ttft\ntokens per second: $rate\nusage: $usage"
    }
}

/** Counts the requests a call sent, retries included (the listener hears the call's end, failed or not). */
private class AttemptCounter : MetricsListener {
    @Volatile
    var count: Int = 0
        private set

    override fun onComplete(metrics: StreamMetrics) {
        count = metrics.retries + 1
    }
}

private val OPTIONS = setOf(
    "--provider", "--base-url", "--model", "--system", "--max-tokens", "--final-json",
    "--max-retries", "--connect-timeout", "--first-token-timeout", "--idle-timeout", "--total-timeout",
)

/** `--provider` names: every provider's id, and `openai` for Chat Completions. */
private val PROVIDERS: Map<String, Provider> =
    linkedMapOf("openai" to Provider.OPENAI_CHAT) + Provider.values().associateBy { it.id }

/** Which variable holds whose key, derived from the provider table. */
private val KEY_VARIABLES: String = Provider.values().filter { it.apiKeyVariable != null }
    .groupBy { it.apiKeyVariable!! }
    .entries.joinToString(", ") { (variable, providers) -> "$variable (${providers.joinToString(", ") { it.id }})" } +
    "; gemini falls back to GOOGLE_API_KEY"

/** The model asked for without --model; a provider missing here needs --model. */
private val DEFAULT_MODELS: Map<Provider, String> = mapOf(
    Provider.OPENAI_CHAT to "gpt-4o-mini",
    Provider.OPENAI_RESPONSES to "gpt-4o-mini",
    Provider.OPENAI_COMPATIBLE to "gpt-4o-mini",
    Provider.ANTHROPIC to "claude-3-5-haiku-latest",
    Provider.OLLAMA to "llama3.2",
    Provider.GEMINI to "gemini-2.5-flash",
)
