package dev.sluice.samples.cli

import dev.sluice.LimitExceededException
import dev.sluice.llm.LlmAccumulator
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmLimitExceededException
import dev.sluice.llm.LlmProtocolException
import dev.sluice.llm.LlmResult
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.decodeLlmBody
import dev.sluice.llm.request.Provider
import dev.sluice.ndjson.NdjsonParseException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.io.InputStream

/** The `decode` formats naming an LLM stream: every provider's id, so a new provider needs no CLI change. */
internal val LLM_DECODE_FORMATS: List<String> = Provider.values().map { it.id }

internal const val DECODE_LLM_USAGE_LINE: String = "       java -jar sluice-cli.jar decode PROVIDER < body\n"

internal val DECODE_LLM_USAGE: String =
    "PROVIDER is one of these recorded LLM stream bodies (SSE; NDJSON for ollama):\n" +
        Provider.values().joinToString("") { "  %-20s %s\n".format(it.id, it.displayName) } +
        "It prints the final accumulated object as one JSON document, shaped like the provider's\n" +
        "non-streaming response. If the stream carries an error, breaks the provider's format\n" +
        "(protocol_error), ends before its terminal event (interrupted; gemini: before a finishReason)\n" +
        "or grows past the accumulation limit (limit_exceeded): exit status 1,\n" +
        "{\"error\":{\"type\",\"message\"},\"partial\":{...}} on standard output and a JSON error line on\n" +
        "standard error."

/** The accumulation limit of `decode <provider>` (the library's default). */
internal const val DECODE_MAX_ACCUMULATED_CHARS: Int = 64 * 1024 * 1024

/**
 * `decode <provider>`: decodes a recorded LLM stream body from standard input with the library's
 * `decodeLlmBody` (SSE, or NDJSON for Ollama) and prints the accumulated message.
 */
internal fun decodeLlmCommand(
    providerId: String,
    args: List<String>,
    io: CliIo,
    maxAccumulatedChars: Int = DECODE_MAX_ACCUMULATED_CHARS,
): Int {
    if (args.isNotEmpty()) throw UsageException("decode $providerId takes no options, got '${args.first()}'")
    val provider = Provider.values().first { it.id == providerId }
    val decoder = LlmStreamDecoder(provider, false, LlmAccumulator(provider, maxAccumulatedChars))
    return try {
        runBlocking { io.input.chunks().decodeLlmBody(decoder).collect() }
        io.out.println(decoder.snapshot().toProviderJson())
        0
    } catch (e: LlmProtocolException) {
        report(io, e, "protocol_error", e.message ?: e.reason, e.partial)
    } catch (e: LlmStreamException) {
        report(io, e, e.errorType, e.providerMessage, e.partial)
    } catch (e: LlmInterruptedException) {
        report(io, e, "interrupted", e.message ?: "interrupted", e.partial)
    } catch (e: LlmLimitExceededException) {
        report(io, e, "limit_exceeded", e.message, e.partial)
    } catch (e: NdjsonParseException) {
        // Ollama's body is not NDJSON at all: the provider's format is broken.
        report(io, e, "protocol_error", e.message ?: e.toString(), decoder.snapshot())
    } catch (e: LimitExceededException) {
        // A line or event past the decoding limits.
        report(io, e, "limit_exceeded", e.message ?: e.toString(), decoder.snapshot())
    } catch (e: Exception) {
        io.out.flush()
        io.failWith(e)
    }
}

/** `{"error":{"type","message"},"partial":{...}}` on standard output, the JSON error line on standard error; exit 1. */
private fun report(io: CliIo, e: Exception, type: String, message: String, partial: LlmResult): Int {
    val report = buildJsonObject {
        put("error", buildJsonObject {
            put("type", type)
            put("message", message)
        })
        put("partial", Json.parseToJsonElement(partial.toProviderJson()))
    }
    io.out.println(report.toString())
    io.out.flush()
    return io.failWith(e)
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
