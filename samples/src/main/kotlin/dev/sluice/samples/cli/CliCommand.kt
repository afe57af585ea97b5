package dev.sluice.samples.cli

import java.io.BufferedOutputStream
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

/**
 * Standard streams, injectable so tests run commands in-process. [out] is buffered and never
 * flushes itself: a command flushes when what it printed should be seen (`runCli` flushes last).
 */
internal class CliIo(val input: InputStream, val out: PrintStream, val err: PrintStream) {
    companion object {
        /** Standard output goes through a 64 KiB buffer: `decode` prints millions of lines. */
        fun system(): CliIo = CliIo(
            System.`in`,
            PrintStream(BufferedOutputStream(System.out, 64 * 1024), false, "UTF-8"),
            PrintStream(System.err, true, "UTF-8"),
        )
    }
}
