@file:JvmName("SluiceCli")

package dev.sluice.samples.cli

import kotlin.system.exitProcess

/** Every command of `sluice-cli.jar`; a new command is one line here. */
internal val COMMANDS: List<CliCommand> = listOf(
    DecodeCommand,
    GetCommand,
    ServeFakeCommand(),
    ChatCommand({ System.getenv(it) }),
    RelayCommand({ System.getenv(it) }),
)

/** Runs one command line against [io]; returns the exit status. Used by `main` and by tests. */
internal fun runCli(args: List<String>, io: CliIo): Int {
    val name = args.firstOrNull()
    if (name == null || name == "--help" || name == "-h" || name == "help") {
        io.out.println(usage())
        io.out.flush()
        return if (name == null) 2 else 0
    }
    val command = COMMANDS.firstOrNull { it.name == name }
    if (command == null) {
        io.err.println("unknown command '$name'\n${usage()}")
        io.err.flush()
        return 2
    }
    val rest = args.drop(1)
    if ("--help" in rest || "-h" in rest) {
        io.out.println(command.usage)
        io.out.flush()
        return 0
    }
    return try {
        command.run(rest, io)
    } catch (e: UsageException) {
        io.err.println("${e.message}\n${command.usage}")
        2
    } catch (e: Throwable) {
        // A command's own error handling failed (or it has none for this error): still one JSON line, exit 1.
        io.failWith(e)
    } finally {
        io.out.flush()
        io.err.flush()
    }
}

private fun usage(): String = buildString {
    append("usage: java -jar sluice-cli.jar <command> [options]\n\ncommands:\n")
    COMMANDS.forEach { append("  ").append(it.name.padEnd(12)).append(it.summary).append('\n') }
    append("\n<command> --help prints the command's usage.")
}

public fun main(args: Array<String>) {
    val status = runCli(args.toList(), CliIo.system())
    exitProcess(status)
}
