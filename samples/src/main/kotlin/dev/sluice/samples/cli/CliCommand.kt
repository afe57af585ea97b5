package dev.sluice.samples.cli

import java.io.InputStream
import java.io.PrintStream

/** One sub-command of the CLI. */
internal interface CliCommand {
    val name: String
    val summary: String
    val usage: String

    /** Returns the exit status. Throws [UsageException] on bad arguments. */
    fun run(args: List<String>, io: CliIo): Int
}

/** Bad command-line arguments: printed with the command's usage, exit status 2. */
internal class UsageException(message: String) : RuntimeException(message)

/** Standard streams, injectable so tests run commands in-process. */
internal class CliIo(val input: InputStream, val out: PrintStream, val err: PrintStream) {
    companion object {
        fun system(): CliIo = CliIo(System.`in`, PrintStream(System.out, false, "UTF-8"), PrintStream(System.err, true, "UTF-8"))
    }
}
