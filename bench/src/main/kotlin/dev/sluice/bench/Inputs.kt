package dev.sluice.bench

import dev.sluice.sse.SseDecoder
import java.io.ByteArrayOutputStream

/**
 * The benchmark inputs, built in memory from the recorded streams in `resources/streams/` so every
 * library reads the very same bytes. Each is one well-formed stream of about [targetBytes]: one
 * message whose middle is the recorded deltas repeated, so accumulators see one long answer.
 */
public object Inputs {
    /** Names accepted by [build], in report order. */
    public val NAMES: List<String> = listOf("openai-chat", "obfuscated", "anthropic-tool-use", "large-64k", "crlf")

    /** Default size: about 16.8 MB, as in the measurements. */
    public const val DEFAULT_BYTES: Int = 16_800_000

    /** The input's size from `-Dsluice.bench.bytes`, else [DEFAULT_BYTES]. */
    @JvmStatic
    public fun targetBytes(): Int = Integer.getInteger("sluice.bench.bytes", DEFAULT_BYTES)

    @JvmStatic
    public fun build(name: String, targetBytes: Int = targetBytes()): ByteArray = when (name) {
        "openai-chat" -> openAiChat(targetBytes, obfuscate = false)
        "obfuscated" -> openAiChat(targetBytes, obfuscate = true)
        "anthropic-tool-use" -> anthropicToolUse(targetBytes)
        "large-64k" -> largeEvents(targetBytes, 64 * 1024)
        "crlf" -> String(openAiChat(targetBytes, obfuscate = false), Charsets.UTF_8).replace("\n", "\r\n").toByteArray()
        else -> throw IllegalArgumentException("unknown input '$name'; known: $NAMES")
    }

    private fun recorded(name: String): List<String> {
        val text = Inputs::class.java.getResourceAsStream("/streams/$name.sse")!!.use { String(it.readBytes(), Charsets.UTF_8) }
        return text.split("\n\n").filter { it.isNotBlank() }.map { it.trim('\n') }
    }

    /** The recorded chat stream: role chunk, content chunks repeated, finish, usage, `[DONE]`. */
    private fun openAiChat(targetBytes: Int, obfuscate: Boolean): ByteArray {
        val events = recorded("openai-chat-text-usage")
        val head = events.first()
        val tail = events.takeLast(3)
        val middle = events.subList(1, events.size - 3)
        val random = java.util.Random(42)
        val alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        val out = ByteArrayOutputStream(targetBytes + 4096)
        fun write(event: String) = out.write("$event\n\n".toByteArray())
        write(head)
        var i = 0
        while (out.size() < targetBytes - 1024) {
            var event = middle[i++ % middle.size]
            if (obfuscate) {
                // OpenAI pads each chunk with a random "obfuscation" string (stream_options.include_obfuscation).
                val pad = buildString { repeat(4 + random.nextInt(30)) { append(alphabet[random.nextInt(alphabet.length)]) } }
                event = event.removeSuffix("}") + ",\"obfuscation\":\"$pad\"}"
            }
            write(event)
        }
        tail.forEach(::write)
        return out.toByteArray()
    }

    /** The recorded tool-use message with its text deltas and its `input_json_delta` fragments repeated. */
    private fun anthropicToolUse(targetBytes: Int): ByteArray {
        val events = recorded("anthropic-text-then-tool-use")
        fun find(marker: String) = events.first { marker in it }
        val out = ByteArrayOutputStream(targetBytes + 4096)
        fun write(event: String) = out.write("$event\n\n".toByteArray())
        val textDeltas = events.filter { "\"text_delta\"" in it }
        write(find("message_start"))
        write(events.first { "content_block_start" in it && "\"text\"" in it })
        write(find("event: ping"))
        var i = 0
        while (out.size() < targetBytes / 2) write(textDeltas[i++ % textDeltas.size])
        write(events.first { "content_block_stop" in it && "\"index\":0" in it })
        write(events.first { "content_block_start" in it && "tool_use" in it })
        // Arguments: {"text": "<fragments>"}, each fragment a short piece as the API sends them.
        fun jsonDelta(fragment: String) =
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":" +
                "{\"type\":\"input_json_delta\",\"partial_json\":\"$fragment\"}}"
        write(jsonDelta("{\\\"text\\\": \\\""))
        val fragments = listOf("Paris is", " sunny", " today,", " 21 °C", " with a", " light", " breeze.")
        var j = 0
        while (out.size() < targetBytes - 1024) write(jsonDelta(fragments[j++ % fragments.size]))
        write(jsonDelta("\\\"}"))
        write(events.first { "content_block_stop" in it && "\"index\":1" in it })
        write(find("message_delta"))
        write(find("message_stop"))
        return out.toByteArray()
    }

    /** Events of [eventBytes] each: one `data:` line holding a JSON object with a long string. */
    private fun largeEvents(targetBytes: Int, eventBytes: Int): ByteArray {
        val filler = "lorem ipsum dolor sit amet ".repeat(eventBytes / 27 + 1)
        val out = ByteArrayOutputStream(targetBytes + eventBytes)
        var i = 0
        while (out.size() < targetBytes) {
            val prefix = "data: {\"n\":$i,\"blob\":\""
            val body = filler.substring(0, eventBytes - prefix.length - 4)
            out.write("$prefix$body\"}\n\n".toByteArray())
            i++
        }
        return out.toByteArray()
    }

    /** How many events [input] dispatches (what per-event figures divide by). */
    @JvmStatic
    public fun eventCount(input: ByteArray): Long {
        var events = 0L
        SseDecoder({ events++ }).apply { feed(input); end() }
        return events
    }

    /** Splits [input] into reads of [size] bytes, as a socket would deliver them. */
    @JvmStatic
    public fun split(input: ByteArray, size: Int = READ_BYTES): List<ByteArray> =
        (input.indices step size).map { input.copyOfRange(it, minOf(input.size, it + size)) }

    /** The read size every benchmark feeds (8 KiB, what most stream readers use). */
    public const val READ_BYTES: Int = 8192
}
