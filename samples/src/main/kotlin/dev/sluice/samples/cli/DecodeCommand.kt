package dev.sluice.samples.cli

/** `decode <format>`: decodes standard input. One branch per format; the work lives in the format's file. */
internal object DecodeCommand : CliCommand {
    override val name: String = "decode"
    override val summary: String = "decode a stream read from standard input"
    override val usage: String = "usage: java -jar sluice-cli.jar decode sse [--split N | --chunks A,B,...] [--max-event-bytes N] < input\n" +
        "       java -jar sluice-cli.jar decode ndjson < input\n" +
        DECODE_LLM_USAGE

    override fun run(args: List<String>, io: CliIo): Int {
        val format = args.firstOrNull() ?: throw UsageException("missing format")
        val rest = args.drop(1)
        return when (format) {
            "openai-chat", "openai-responses", "anthropic", "ollama" -> decodeLlmCommand(format, rest, io)
            else -> throw UsageException("unknown format '$format'")
        }
    }
}
