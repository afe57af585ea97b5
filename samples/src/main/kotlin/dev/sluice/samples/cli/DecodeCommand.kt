package dev.sluice.samples.cli

/** `decode sse|ndjson`: decodes standard input. */
internal object DecodeCommand : CliCommand {
    override val name: String = "decode"
    override val summary: String = "decode a stream read from standard input"
    override val usage: String = "usage: java -jar sluice-cli.jar decode sse [--split N | --chunks A,B,...] [--max-event-bytes N] < input\n" +
        "       java -jar sluice-cli.jar decode ndjson < input"

    override fun run(args: List<String>, io: CliIo): Int = throw UsageException("TODO")
}
