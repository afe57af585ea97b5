package dev.sluice.samples.cli

import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.ScriptSource
import dev.sluice.testkit.defaultReply
import java.time.Duration
import java.util.concurrent.CountDownLatch

/**
 * `serve-fake [--port P] [--token-delay-ms N]`: runs the testkit's fake LLM server on
 * 127.0.0.1 in the foreground until the process is killed (or, in tests, [stop] opens).
 * The first line on standard output is exactly the OpenAI base URL `http://127.0.0.1:<port>/v1`;
 * the next lines give the Anthropic, Ollama and Gemini base URLs.
 */
internal class ServeFakeCommand(private val stop: CountDownLatch = CountDownLatch(1)) : CliCommand {
    override val name: String = "serve-fake"
    override val summary: String = "run the fake LLM server on 127.0.0.1 until killed"
    override val usage: String =
        "usage: java -jar sluice-cli.jar serve-fake [--port P] [--token-delay-ms N]\n" +
            "\n" +
            "  --port P             port on 127.0.0.1 (default 0: a free port)\n" +
            "  --token-delay-ms N   pause N ms between streamed tokens (default 0)\n" +
            "\n" +
            "Prints the OpenAI base URL (http://127.0.0.1:<port>/v1) as its first line, then the\n" +
            "Anthropic, Ollama and Gemini base URLs (\"anthropic: <url>\"...), and serves POST\n" +
            "/v1/chat/completions, /v1/responses, /v1/messages, /api/chat and\n" +
            "/v1beta/models/{model}:streamGenerateContent until killed. Every prompt gets the same\n" +
            "deterministic reply:\n" +
            "\"You said: <prompt>. Here is a short answer from the Sluice fake server.\""

    override fun run(args: List<String>, io: CliIo): Int {
        val options = CliOptions.parse(args, setOf("--port", "--token-delay-ms"))
        val port = options["--port"]?.let { it.toIntOrNull()?.takeIf { p -> p in 0..65535 } ?: throw UsageException("--port wants 0..65535; got '$it'") } ?: 0
        val delayMs = options["--token-delay-ms"]?.let { it.toLongOrNull()?.takeIf { d -> d >= 0 } ?: throw UsageException("--token-delay-ms wants a non-negative integer; got '$it'") } ?: 0
        val server = try {
            FakeLlmServer(port).start()
        } catch (e: IllegalStateException) {
            return io.failWith(e)
        }
        if (delayMs > 0) {
            val delay = Duration.ofMillis(delayMs)
            server.on(ScriptSource { request -> defaultReply(request.lastUserMessage() ?: "").toBuilder().timeToFirstToken(delay).tokenDelay(delay).build() })
        }
        val hook = Thread({ server.close() }, "sluice-serve-fake-shutdown")
        Runtime.getRuntime().addShutdownHook(hook)
        try {
            io.out.println(server.openAiBaseUrl)
            io.out.println("anthropic: ${server.anthropicBaseUrl}")
            io.out.println("ollama: ${server.ollamaBaseUrl}")
            io.out.println("gemini: ${server.geminiBaseUrl}")
            io.out.flush()
            io.err.println("Sluice fake LLM server on 127.0.0.1:${server.port}; stop it with Ctrl-C.")
            io.err.flush()
            stop.await()
        } finally {
            server.close()
            try {
                Runtime.getRuntime().removeShutdownHook(hook)
            } catch (e: IllegalStateException) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
        return 0
    }
}
