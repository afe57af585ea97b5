package dev.sluice.samples.cli

import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.request.ContentPart
import dev.sluice.llm.request.LlmRequestException
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ResponseSchema
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
    /** The schema the answer must follow (--json-schema), named after its file. */
    val schema: ResponseSchema? = null,
    /** --background: an OpenAI Responses background response, resumed after a drop. */
    val background: Boolean = false,
    /** Images attached to the prompt (--image, repeatable). */
    val images: List<ContentPart> = emptyList(),
) {
    companion object {
        val OPTIONS: Set<String> = setOf(
            "--provider", "--base-url", "--model", "--system", "--max-tokens", "--final-json",
            "--max-retries", "--connect-timeout", "--first-token-timeout", "--idle-timeout", "--total-timeout",
            "--json-schema",
        )

        /** Options without a value. */
        private val FLAGS: Set<String> = setOf("--background")

        /** Options that may be given several times. */
        private const val IMAGE = "--image"

        /** Image media types by file extension. */
        private val IMAGE_TYPES: Map<String, String> =
            mapOf("png" to "image/png", "jpg" to "image/jpeg", "jpeg" to "image/jpeg", "gif" to "image/gif", "webp" to "image/webp")

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
            val (options, prompt, extras) = split(args)
            val providerName = options["--provider"] ?: "openai"
            val provider = PROVIDERS[providerName]
                ?: throw UsageException("--provider wants one of ${PROVIDERS.keys.joinToString("|")}; got '$providerName'")
            val model = options.text("--model") ?: DEFAULT_MODELS[provider]
                ?: throw UsageException("--provider $providerName has no default model: give --model")
            val finalJson = options.text("--final-json")?.let(::File)
            if (finalJson != null && finalJson.isDirectory) throw UsageException("--final-json wants a file; '$finalJson' is a directory")
            if (prompt.isBlank()) throw UsageException("PROMPT is empty")
            val background = "--background" in extras.flags
            if (background && provider != Provider.OPENAI_RESPONSES) {
                throw UsageException("--background needs --provider openai-responses (background responses are a Responses feature)")
            }
            return ChatArgs(
                provider = provider,
                model = model,
                system = options.text("--system"),
                maxTokens = options.positiveInt("--max-tokens"),
                finalJson = finalJson,
                baseUrl = options.text("--base-url")?.also(::checkBaseUrl),
                prompt = prompt,
                clientOptions = clientOptions(options),
                schema = options.text("--json-schema")?.let(::readSchema),
                background = background,
                images = extras.images.map(::readImage),
            )
        }

        private fun clientOptions(options: CliOptions): LlmClientOptions = LlmClientOptions().apply {
            options.nonNegativeInt("--max-retries")?.let { retryPolicy = retryPolicy.withMaxRetries(it) }
            options.seconds("--connect-timeout")?.let { connectTimeout = it }
            options.seconds("--first-token-timeout")?.let { firstTokenTimeout = it }
            options.seconds("--idle-timeout")?.let { idleTimeout = it }
            options.seconds("--total-timeout")?.let { totalTimeout = it }
        }

        /** Flags given and the values of repeatable options. */
        private class Extras(val flags: Set<String>, val images: List<String>)

        /** Options (`--name value` / `--name=value`) apart from the one positional argument, the prompt. */
        private fun split(args: List<String>): Triple<CliOptions, String, Extras> {
            val optionArgs = ArrayList<String>()
            val positional = ArrayList<String>()
            val flags = LinkedHashSet<String>()
            val images = ArrayList<String>()
            var i = 0
            while (i < args.size) {
                val arg = args[i]
                if (arg in FLAGS) {
                    if (!flags.add(arg)) throw UsageException("$arg given twice")
                } else if (arg == IMAGE || arg.startsWith("$IMAGE=")) {
                    val value = if (arg == IMAGE) args.getOrNull(++i) ?: throw UsageException("$IMAGE wants a value") else arg.substringAfter('=')
                    if (value.isBlank()) throw UsageException("$IMAGE wants a file; got '$value'")
                    images += value
                } else if (arg.startsWith("--") && arg.length > 2) {
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
            return Triple(options, positional.single(), Extras(flags, images))
        }

        /** The schema file: one JSON object, named after the file (`weather.json`: `weather`). */
        private fun readSchema(path: String): ResponseSchema {
            val file = File(path)
            if (!file.isFile) throw UsageException("--json-schema wants a readable file; '$path' is not one")
            val name = file.nameWithoutExtension.replace(Regex("[^A-Za-z0-9_-]"), "_").take(64).ifEmpty { "answer" }
            return try {
                ResponseSchema.of(name, file.readText())
            } catch (e: LlmRequestException) {
                throw UsageException("--json-schema: ${e.message}")
            }
        }

        /** An image file as bytes with the media type its extension names. */
        private fun readImage(path: String): ContentPart {
            val file = File(path)
            if (!file.isFile) throw UsageException("--image wants a readable file; '$path' is not one")
            val type = IMAGE_TYPES[file.extension.lowercase()]
                ?: throw UsageException("--image wants a .png, .jpg, .jpeg, .gif or .webp file; got '$path'")
            if (file.length() == 0L) throw UsageException("--image file '$path' is empty")
            return ContentPart.image(file.readBytes(), type)
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
