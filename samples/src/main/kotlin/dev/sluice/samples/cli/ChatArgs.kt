package dev.sluice.samples.cli

import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.request.Provider
import dev.sluice.redactUrl
import java.io.File
import java.net.URI
import java.net.URISyntaxException

/**
 * The arguments of `chat`, checked: every invalid value (empty, blank, not a number, not a
 * positive number, not an http(s) URL, an unknown provider) is a [UsageException] here, before
 * anything runs, so it exits 2 with the usage and never as a failure of the call.
 */
internal class ChatArgs(
    val provider: Provider,
    val model: String,
    val system: String?,
    val maxTokens: Int?,
    val finalJson: File?,
    val baseUrl: String?,
    val prompt: String,
    /** Retries and timeouts from --max-retries and the --*-timeout flags. */
    val clientOptions: LlmClientOptions,
) {
    companion object {
        val OPTIONS: Set<String> = setOf(
            "--provider", "--base-url", "--model", "--system", "--max-tokens", "--final-json",
            "--max-retries", "--connect-timeout", "--first-token-timeout", "--idle-timeout", "--total-timeout",
        )

        /** `--provider` names: every provider's id, and `openai` for Chat Completions. */
        val PROVIDERS: Map<String, Provider> =
            linkedMapOf("openai" to Provider.OPENAI_CHAT) + Provider.values().associateBy { it.id }

        /** The model asked for without --model; a provider missing here needs --model. */
        val DEFAULT_MODELS: Map<Provider, String> = mapOf(
            Provider.OPENAI_CHAT to "gpt-4o-mini",
            Provider.OPENAI_RESPONSES to "gpt-4o-mini",
            Provider.OPENAI_COMPATIBLE to "gpt-4o-mini",
            Provider.ANTHROPIC to "claude-3-5-haiku-latest",
            Provider.OLLAMA to "llama3.2",
            Provider.GEMINI to "gemini-2.5-flash",
        )

        fun parse(args: List<String>): ChatArgs {
            val (options, prompt) = split(args)
            val providerName = options["--provider"] ?: "openai"
            val provider = PROVIDERS[providerName]
                ?: throw UsageException("--provider wants one of ${PROVIDERS.keys.joinToString("|")}; got '$providerName'")
            val model = options.text("--model") ?: DEFAULT_MODELS[provider]
                ?: throw UsageException("--provider $providerName has no default model: give --model")
            val finalJson = options.text("--final-json")?.let(::File)
            if (finalJson != null && finalJson.isDirectory) throw UsageException("--final-json wants a file; '$finalJson' is a directory")
            if (prompt.isBlank()) throw UsageException("PROMPT is empty")
            return ChatArgs(
                provider = provider,
                model = model,
                system = options.text("--system"),
                maxTokens = options.positiveInt("--max-tokens"),
                finalJson = finalJson,
                baseUrl = options.text("--base-url")?.also(::checkBaseUrl),
                prompt = prompt,
                clientOptions = clientOptions(options),
            )
        }

        private fun clientOptions(options: CliOptions): LlmClientOptions = LlmClientOptions().apply {
            options.nonNegativeInt("--max-retries")?.let { retryPolicy = retryPolicy.withMaxRetries(it) }
            options.seconds("--connect-timeout")?.let { connectTimeout = it }
            options.seconds("--first-token-timeout")?.let { firstTokenTimeout = it }
            options.seconds("--idle-timeout")?.let { idleTimeout = it }
            options.seconds("--total-timeout")?.let { totalTimeout = it }
        }

        /** Options (`--name value` / `--name=value`) apart from the one positional argument, the prompt. */
        private fun split(args: List<String>): Pair<CliOptions, String> {
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

        /** The option's value; an empty or blank one is a usage error, not a value. */
        private fun CliOptions.text(name: String): String? = this[name]?.also {
            if (it.isBlank()) throw UsageException("$name wants a value; got '$it'")
        }

        /** An absolute http(s) URL without fragment, as the library requires; shown redacted when it is not. */
        fun checkBaseUrl(url: String) {
            val uri = try {
                URI(url.trim())
            } catch (e: URISyntaxException) {
                throw UsageException("--base-url is not a URL: '${redactUrl(url)}'")
            }
            val scheme = uri.scheme?.lowercase()
            if (scheme != "http" && scheme != "https" || uri.host == null || uri.rawFragment != null) {
                throw UsageException("--base-url wants an absolute http or https URL without '#'; got '${redactUrl(url)}'")
            }
        }
    }
}
