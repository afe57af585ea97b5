package dev.sluice.samples.cli

import dev.sluice.testkit.FakeLlmServer
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** The outcome of one in-process CLI run. */
class CliRun(val status: Int, val out: String, val err: String) {
    val outLines: List<String> get() = out.lines().dropLastWhile { it.isEmpty() }
    val lastErrLine: String get() = err.lines().last { it.isNotEmpty() }
}

fun runCli(input: ByteArray, vararg args: String): CliRun {
    val out = ByteArrayOutputStream()
    val err = ByteArrayOutputStream()
    val status = runCli(
        args.toList(),
        CliIo(ByteArrayInputStream(input), PrintStream(out, true, "UTF-8"), PrintStream(err, true, "UTF-8")),
    )
    return CliRun(status, out.toString("UTF-8"), err.toString("UTF-8"))
}

fun runCli(input: String, vararg args: String): CliRun = runCli(input.toByteArray(), *args)

/**
 * `chat` in-process with [env] as its environment; a usage error is status 2 with its message on err.
 * The embedded fake answers without its model-like pacing unless [pacedFake].
 */
fun runChat(env: Map<String, String>, vararg args: String, pacedFake: Boolean = false): CliRun {
    val out = ByteArrayOutputStream()
    val err = ByteArrayOutputStream()
    val io = CliIo(ByteArrayInputStream(ByteArray(0)), PrintStream(out, true, "UTF-8"), PrintStream(err, true, "UTF-8"))
    val status = try {
        ChatCommand({ env[it] }, pacedFake = pacedFake).run(args.toList(), io)
    } catch (e: UsageException) {
        err.write((e.message ?: "").toByteArray())
        2
    }
    return CliRun(status, out.toString("UTF-8"), err.toString("UTF-8"))
}

/** Where this fake serves the CLI's [provider] name. */
fun FakeLlmServer.cliBaseUrl(provider: String): String = when (provider) {
    "anthropic" -> anthropicBaseUrl
    "ollama" -> ollamaBaseUrl
    "gemini" -> geminiBaseUrl
    else -> openAiBaseUrl
}
