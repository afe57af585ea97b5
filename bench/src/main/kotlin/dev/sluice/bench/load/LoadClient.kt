@file:JvmName("LoadClient")

package dev.sluice.bench.load

import com.openai.client.okhttp.OpenAIOkHttpClientAsync
import com.openai.models.chat.completions.ChatCompletionCreateParams
import dev.sluice.bench.Record
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.SluiceLlm
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.io.File
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Flow
import java.util.concurrent.TimeUnit

/**
 * One load run in its own JVM: `LoadClient <flow|publisher|openai-java> <streams> <port> <out.json>`.
 * Runs [WARM_UP_STREAMS] streams first, unmeasured, then starts every stream at once against the
 * paced server and waits (at most 10 minutes) for all.
 */
public fun main(args: Array<String>) {
    val view = args[0]
    val streams = args[1].toInt()
    val base = "http://127.0.0.1:${args[2]}/v1"
    val run: (Int, LoadStats) -> Unit = when (view) {
        "flow" -> { n, s -> flowView(base, n, s) }
        "publisher" -> { n, s -> publisherView(base, n, s) }
        "openai-java" -> { n, s -> openAiJava(base, n, s) }
        else -> error("unknown view $view")
    }
    // Warm-up: the JIT's work would otherwise count as client CPU (about 10 s of it on 2 cores).
    val warm = minOf(streams, WARM_UP_STREAMS)
    run(warm, LoadStats(warm))
    val stats = LoadStats(streams)
    val sampler = stats.startSampling()
    run(streams, stats)
    // Ktor runs every socket's reader and writer on Dispatchers.IO, whose size this property caps.
    val io = System.getProperty("kotlinx.coroutines.io.parallelism")?.let { ", kotlinx.coroutines.io.parallelism=$it" }.orEmpty()
    val library = when (view) {
        "flow" -> "sluice (Flow view$io)"
        "publisher" -> "sluice (Publisher view$io)"
        else -> "openai-java (async streaming, OkHttp)"
    }
    val records = stats.records("load/paced-streams", library, "$streams streams x 100-200 tokens @20ms")
    sampler.join(1000)
    stats.firstFailure.get()?.let { System.err.println("first failure: $it"); it.printStackTrace() }
    Record.write(File(args[3]), records)
    records.forEach { println("  ${it.metric} = ${"%.2f".format(it.value)} ${it.unit}") }
    System.exit(0)
}

private const val WARM_UP_STREAMS = 100

private val request: ChatRequest = ChatRequest.builder().model("load").user("go").build()

private fun config(base: String): ProviderConfig =
    ProviderConfig.builder(Provider.OPENAI_CHAT).baseUrl(base).apiKey("sk-load").environment(emptyMap<String, String>()).build()

private fun flowView(base: String, streams: Int, stats: LoadStats) {
    LlmClient(config(base)).use { client ->
        runBlocking(Dispatchers.Default) {
            withTimeout(600_000) {
                repeat(streams) {
                    launch {
                        var first = true
                        try {
                            client.events(request).collect { event ->
                                if (event is LlmEvent.TextDelta && event.text.isNotEmpty()) {
                                    if (first) { first = false; stats.opened() }
                                    stats.token(event.text)
                                }
                            }
                            if (!first) stats.closed(true) else stats.closed(false, IllegalStateException("no token"))
                        } catch (e: Exception) {
                            if (first) stats.opened()
                            stats.closed(false, e)
                        }
                    }
                }
            }
        }
    }
}

private fun publisherView(base: String, streams: Int, stats: LoadStats) {
    SluiceLlm.wrap(LlmClient(config(base))).use { sluice ->
        val done = CountDownLatch(streams)
        repeat(streams) {
            sluice.events(request).publisher().subscribe(object : Flow.Subscriber<LlmEvent> {
                private var first = true
                override fun onSubscribe(subscription: Flow.Subscription) = subscription.request(Long.MAX_VALUE)
                override fun onNext(event: LlmEvent) {
                    if (event is LlmEvent.TextDelta && event.text.isNotEmpty()) {
                        if (first) { first = false; stats.opened() }
                        stats.token(event.text)
                    }
                }
                override fun onError(e: Throwable) { if (first) stats.opened(); stats.closed(false, e); done.countDown() }
                override fun onComplete() { stats.closed(!first); done.countDown() }
            })
        }
        done.await(10, TimeUnit.MINUTES)
    }
}

private fun openAiJava(base: String, streams: Int, stats: LoadStats) {
    val client = OpenAIOkHttpClientAsync.builder().baseUrl(base).apiKey("sk-load").maxRetries(0).build()
    val params = ChatCompletionCreateParams.builder().model("load").addUserMessage("go").build()
    val done = CountDownLatch(streams)
    repeat(streams) {
        var first = true
        val response = client.chat().completions().createStreaming(params)
        response.subscribe { chunk ->
            val text = chunk.choices().firstOrNull()?.delta()?.content()?.orElse(null)
            if (!text.isNullOrEmpty()) {
                if (first) { first = false; stats.opened() }
                stats.token(text)
            }
        }
        response.onCompleteFuture().whenComplete { _, e ->
            if (e != null && first) stats.opened()
            stats.closed(e == null && !first, e)
            done.countDown()
        }
    }
    done.await(10, TimeUnit.MINUTES)
    client.close()
}
