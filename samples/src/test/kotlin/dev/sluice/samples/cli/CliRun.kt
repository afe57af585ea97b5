package dev.sluice.samples.cli

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
