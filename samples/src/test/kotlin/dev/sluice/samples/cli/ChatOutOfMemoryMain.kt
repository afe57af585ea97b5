package dev.sluice.samples.cli

import kotlin.system.exitProcess

/**
 * `chat` in a JVM of its own (the test runs it with `-Xmx64m`) whose second piece of answer text
 * asks for a 1 GiB array: a real `OutOfMemoryError` ("Java heap space") at a known point, without
 * filling the heap (so no other thread fails first). Exits with the command's status.
 */
object ChatOutOfMemoryMain {
    @JvmStatic
    fun main(args: Array<String>) {
        var pieces = 0
        var hog: ByteArray? = null
        val command = ChatCommand({ null }, beforeText = {
            pieces++
            if (pieces == 2) hog = ByteArray(1 shl 30)
            Unit
        })
        val status = try {
            command.run(args.toList(), CliIo.system())
        } catch (e: UsageException) {
            2
        }
        System.out.flush()
        exitProcess(if (hog == null) status else 99)
    }
}
