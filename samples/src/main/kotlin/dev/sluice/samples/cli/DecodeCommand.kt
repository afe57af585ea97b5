package dev.sluice.samples.cli

/** `decode <format>`: decodes standard input. One branch per format; the work lives in the format's file. */
internal object DecodeCommand : CliCommand {
    override val name: String = "decode"
    override val summary: String = "decode a stream read from standard input"
    override val usage: String =
        "usage: java -jar sluice-cli.jar decode sse [--split N | --chunks A,B,...] [--max-event-bytes N] < input\n" +
            "       java -jar sluice-cli.jar decode ndjson [--split N | --chunks A,B,...] < input\n" +
            "\n" +
            "  --split N            feed the decoder N bytes at a time (default: the whole input in one read)\n" +
            "  --chunks A,B,...     feed pieces split at these ascending byte offsets\n" +
            "  --max-event-bytes N  fail when an event's data exceeds N bytes\n" +
            "\n" +
            "sse prints one JSON object per event, {\"type\":...,\"data\":...,\"id\":...}, then\n" +
            "{\"retry\":...,\"last_event_id\":...}; ndjson prints one compact JSON value per line.\n" +
            "On a limit or parse error: exit status 1 and a JSON error line on standard error.\n" +
            DECODE_LLM_USAGE

    override fun run(args: List<String>, io: CliIo): Int {
        val format = args.firstOrNull() ?: throw UsageException("missing format")
        val rest = args.drop(1)
        return when (format) {
            "sse" -> decodeSse(rest, io)
            "ndjson" -> decodeNdjson(rest, io)
            "openai-chat", "openai-responses", "anthropic", "ollama" -> decodeLlmCommand(format, rest, io)
            else -> throw UsageException("unknown format '$format'")
        }
    }
}
