package dev.sluice.samples.relay

import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.test.fail

/**
 * Runs the real clients of [RealClientsTest]: Node.js with the official SDKs pinned in
 * `samples/node` (installed by `npm ci`), and Debian's Chromium. A missing one is a failure that
 * says how to install it: the test is only run on purpose (its own `.ci/run` step).
 */
internal object RealClients {
    val nodeDir: File = File(System.getProperty("user.dir"), "node")

    fun requireNode() {
        if (!File(nodeDir, "node_modules/openai/package.json").isFile || !File(nodeDir, "node_modules/@anthropic-ai/sdk/package.json").isFile) {
            fail("the official clients are not installed: run `npm ci --prefix samples/node` (as .ci/run does)")
        }
        if (which("node") == null) fail("node is not on PATH: install Node.js (Debian: apt-get install -y nodejs npm)")
    }

    fun chromium(): String = which("chromium") ?: fail("chromium is not on PATH: apt-get install -y chromium (as .ci/run does)")

    /** Runs `node <script> <arg>` in samples/node and returns its standard output's last line (its JSON). */
    fun node(script: String, arg: String): String {
        requireNode()
        return run(listOf("node", script, arg), nodeDir).lines().last { it.isNotBlank() }
    }

    /** Loads [url] in headless Chromium and returns the DOM once the page settled (its stream ended). */
    fun dumpDom(url: String): String {
        val profile = kotlin.io.path.createTempDirectory("sluice-chromium").toFile()
        try {
            return run(
                listOf(
                    chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--user-data-dir=${profile.path}",
                    // Virtual time stands still while a request is pending and runs fast while none is: the
                    // budget is spent on EventSource's reconnection waits and after the stream ended.
                    "--virtual-time-budget=20000", "--dump-dom", url,
                ),
                profile,
            )
        } finally {
            profile.deleteRecursively()
        }
    }

    private fun run(command: List<String>, dir: File): String {
        val process = ProcessBuilder(command).directory(dir).redirectError(ProcessBuilder.Redirect.PIPE).start()
        val out = StringBuilder()
        val err = StringBuilder()
        val readers = listOf(process.inputStream to out, process.errorStream to err).map { (stream, sink) ->
            Thread { sink.append(stream.readBytes().toString(Charsets.UTF_8)) }.apply { start() }
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            fail("${command.first()} did not finish in $TIMEOUT_SECONDS s")
        }
        readers.forEach { it.join(5_000) }
        if (process.exitValue() != 0) fail("${command.joinToString(" ")} exited ${process.exitValue()}:\n$err\n$out")
        return out.toString()
    }

    private fun which(name: String): String? =
        System.getenv("PATH").orEmpty().split(File.pathSeparator).map { File(it, name) }.firstOrNull { it.canExecute() }?.path

    private const val TIMEOUT_SECONDS = 60L
}
