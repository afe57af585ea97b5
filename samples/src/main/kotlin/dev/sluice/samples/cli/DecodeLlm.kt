package dev.sluice.samples.cli

import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.decodeLlm
import dev.sluice.llm.request.Provider
import dev.sluice.ndjson.decodeNdjson
import dev.sluice.sse.decodeSse
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.io.InputStream

internal const val DECODE_LLM_USAGE: String =
    "       java -jar sluice-cli.jar decode openai-chat|openai-responses|anthropic|ollama < body\n" +
        "\n" +
        "openai-chat|openai-responses|anthropic|ollama read a recorded stream body and print the final\n" +
        "accumulated object as one JSON document, shaped like the provider's non-streaming response.\n" +
        "If the stream carries an error: exit status 1, {\"error\":{\"type\",\"message\"},\"partial\":{...}}\n" +
        "on standard output and a JSON error line on standard error."

/**
 * `decode <provider>`: decodes a recorded LLM stream body from standard input through the library's
 * SSE (or NDJSON) decoder and the provider codec, and prints the accumulated message.
 */
internal fun decodeLlmCommand(providerId: String, args: List<String>, io: CliIo): Int {
    if (args.isNotEmpty()) throw UsageException("decode $providerId takes no options, got '${args.first()}'")
    val provider = Provider.values().first { it.id == providerId }
    val decoder = LlmStreamDecoder(provider)
    return try {
        runBlocking {
            val bytes = io.input.chunks()
            val events = if (provider.isNdjson) bytes.decodeNdjson().decodeLlm(decoder) else bytes.decodeSse().decodeLlm(decoder)
            events.collect()
        }
        io.out.println(decoder.snapshot().toProviderJson())
        0
    } catch (e: LlmStreamException) {
        val report = buildJsonObject {
            put("error", buildJsonObject {
                put("type", e.errorType)
                put("message", e.providerMessage)
            })
            put("partial", Json.parseToJsonElement(e.partial.toProviderJson()))
        }
        io.out.println(report.toString())
        io.out.flush()
        io.failWith(e)
    } catch (e: Exception) {
        io.out.flush()
        io.failWith(e)
    }
}

/** The input read in chunks as they come; the decoders cancel it after the terminal event. */
private fun InputStream.chunks(): Flow<ByteArray> = flow {
    val buffer = ByteArray(64 * 1024)
    while (true) {
        val n = read(buffer)
        if (n < 0) break
        if (n > 0) emit(buffer.copyOf(n))
    }
}
