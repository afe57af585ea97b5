package dev.sluice.samples.cli

import dev.sluice.llm.LlmClient
import dev.sluice.samples.relay.LlmRelay
import java.util.concurrent.CountDownLatch

/**
 * `relay [--port P] [--provider P] [--base-url URL] [--model M]`: runs the relay sample
 * ([LlmRelay]) on 127.0.0.1 in the foreground until the process is killed (or, in tests, [stop]
 * opens). The first line on standard output is exactly its OpenAI base URL
 * `http://127.0.0.1:<port>/v1`, the second its browser page. The upstream is chosen as `chat`
 * chooses it: the provider's key from the environment, or the embedded fake server without one.
 */
internal class RelayCommand(
    private val environment: (String) -> String?,
    private val stop: CountDownLatch = CountDownLatch(1),
) : CliCommand {
    override val name: String = "relay"
    override val summary: String = "relay a model's stream to OpenAI, Anthropic and browser clients"
    override val usage: String =
        "usage: java -jar sluice-cli.jar relay [--port P] [--provider ${ChatArgs.PROVIDERS.keys.joinToString("|")}]\n" +
            "           [--base-url URL] [--model M]\n" +
            "\n" +
            "  --port P       port on 127.0.0.1 (default 0: a free port)\n" +
            "  --provider P   the upstream provider (default openai, i.e. openai-chat)\n" +
            "  --base-url URL the upstream's base URL (default: the provider's, from the environment)\n" +
            "  --model M      the model GET /stream asks for (the API endpoints pass on the client's)\n" +
            "\n" +
            "Prints its OpenAI base URL (http://127.0.0.1:<port>/v1) as its first line and its browser\n" +
            "page (http://127.0.0.1:<port>/) as the second, then serves until killed:\n" +
            "  POST /v1/chat/completions   OpenAI Chat Completions (SSE with stream:true, else a chat.completion)\n" +
            "  POST /v1/messages           Anthropic Messages (SSE with stream:true, else a message)\n" +
            "  GET  /stream?prompt=...     EventSource events delta/done/error with ids; Last-Event-ID resumes\n" +
            "  GET  /?prompt=...           a page that streams with EventSource\n" +
            "Keys come from the same variables as `chat`. With no key and no --base-url (ollama: no\n" +
            "--base-url) it relays an embedded fake LLM server on 127.0.0.1, which needs no network."

    override fun run(args: List<String>, io: CliIo): Int {
        val options = CliOptions.parse(args, setOf("--port", "--provider", "--base-url", "--model"))
        val port = options["--port"]?.let { it.toIntOrNull()?.takeIf { p -> p in 0..65535 } ?: throw UsageException("--port wants 0..65535; got '$it'") } ?: 0
        val providerName = options["--provider"] ?: "openai"
        val provider = ChatArgs.PROVIDERS[providerName]
            ?: throw UsageException("--provider wants one of ${ChatArgs.PROVIDERS.keys.joinToString("|")}; got '$providerName'")
        val baseUrl = options["--base-url"]?.also {
            if (it.isBlank()) throw UsageException("--base-url wants a value; got '$it'")
            ChatArgs.checkBaseUrl(it)
        }
        val model = options["--model"]?.also { if (it.isBlank()) throw UsageException("--model wants a value; got '$it'") }
            ?: ChatArgs.DEFAULT_MODELS[provider]
            ?: throw UsageException("--provider $providerName has no default model: give --model")
        val secrets = KEY_NAMES.mapNotNull { environment(it) }
        return try {
            Upstream.resolve(provider, baseUrl, environment).use { upstream ->
                LlmClient(upstream.config).use { client ->
                    LlmRelay(client, model, port).start().use { relay -> serve(relay, upstream, io) }
                }
            }
        } catch (e: Throwable) {
            io.failWith(e, emptyMap(), secrets)
        }
    }

    private fun serve(relay: LlmRelay, upstream: Upstream, io: CliIo): Int {
        val hook = Thread({ relay.close() }, "sluice-relay-shutdown")
        Runtime.getRuntime().addShutdownHook(hook)
        try {
            io.out.println(relay.openAiBaseUrl)
            io.out.println(relay.pageUrl)
            io.out.flush()
            upstream.notice?.let { io.err.println("sluice: $it") }
            io.err.println("Sluice relay on 127.0.0.1:${relay.boundPortNumber} for ${upstream.config.provider.id}; stop it with Ctrl-C.")
            io.err.flush()
            stop.await()
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook)
            } catch (e: IllegalStateException) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
        return 0
    }
}
