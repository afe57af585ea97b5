package dev.sluice.samples.cli

/** `decode <format>`: decodes standard input. One branch per format; the work lives in the format's file. */
internal object DecodeCommand : CliCommand {
    override val name: String = "decode"
    override val summary: String = "decode a stream read from standard input"
    override val usage: String =
        "usage: java -jar sluice-cli.jar decode sse [--split N | --chunks A,B,...] [--max-event-bytes N] < input\n" +
            "       java -jar sluice-cli.jar decode ndjson [--split N | --chunks A,B,...] < input\n" +
            DECODE_LLM_USAGE_LINE +
            "\n" +
            "formats:\n" +
            "  sse                  Server-Sent Events: one JSON object per event\n" +
            "  ndjson               newline-delimited JSON: one compact JSON value per line\n" +
            "  PROVIDER             an LLM stream body: the final accumulated answer (below)\n" +
            "\n" +
            "Standard input is decoded as it arrives and each event or value is printed as soon as it is\n" +
            "decoded; memory stays bounded by the limits (8 MiB per line and per event by default).\n" +
            "\n" +
            "  --split N            feed the decoder exactly N bytes at a time (default: each read as it\n" +
            "                       arrives); a piece is fed once complete, so up to N bytes are held\n" +
            "  --chunks A,B,...     feed the pieces between these ascending byte offsets, each once complete\n" +
            "                       (up to the largest gap is held); after the last offset, reads as they arrive\n" +
            "  --max-event-bytes N  fail when an event's data exceeds N bytes; a larger N also raises the\n" +
            "                       line limit so that a data line of N bytes fits\n" +
            "\n" +
            "sse prints one JSON object per event, {\"type\":...,\"data\":...,\"id\":...}, then\n" +
            "{\"retry\":...,\"last_event_id\":...}; ndjson prints one compact JSON value per line.\n" +
            "On a limit or parse error: what was decoded before it is printed, then exit status 1 and a\n" +
            "JSON error line on standard error.\n" +
            "\n" +
            DECODE_LLM_USAGE

    override fun run(args: List<String>, io: CliIo): Int {
        val format = args.firstOrNull() ?: throw UsageException("missing format")
        val rest = args.drop(1)
        return when (format) {
            "sse" -> decodeSse(rest, io)
            "ndjson" -> decodeNdjson(rest, io)
            in LLM_DECODE_FORMATS -> decodeLlmCommand(format, rest, io)
            else -> throw UsageException("unknown format '$format'")
        }
    }
}
