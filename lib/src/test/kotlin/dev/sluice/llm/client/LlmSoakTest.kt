package dev.sluice.llm.client

import dev.sluice.http.RetryPolicy
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.SluiceLlm
import dev.sluice.llm.request.Provider
import dev.sluice.stream.ViewTesting
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.ScriptSource
import dev.sluice.testkit.script
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import org.junit.jupiter.api.Tag
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.EnumMap
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executors
import java.util.concurrent.Semaphore
import java.util.concurrent.ThreadFactory
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicIntegerArray
import java.util.concurrent.atomic.AtomicReferenceArray
import kotlin.random.Random
import kotlin.test.assertTrue
import kotlin.test.fail
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration

/**
 * The soak of issue 8: 10,000 LLM calls (`-Dsluice.soak.streams=N` for another count) against the
 * fake server over loopback, at most [IN_FLIGHT] at a time, spread evenly over the four views and
 * over five providers, each with a seeded random fault ([FaultKind]) or none, and one in five
 * cancelled at a random point. Every call must end as its fault implies ([judge]). Afterwards
 * the fake server counts no open connection and no active stream, no call of the library is
 * running (its clients' stream counters and `onComplete` for every call sent), the process holds
 * as many sockets as before (read from `/proc/self/fd`, see [ProcessResources]), and once the
 * clients and the server are closed no thread is left behind. Prints one summary line.
 */
@Tag("soak")
@Timeout(300)
class LlmSoakTest {
    private val streams = Integer.getInteger("sluice.soak.streams", 10_000)
    private val seed = java.lang.Long.getLong("sluice.soak.seed", 8L)
    private val problems = ConcurrentLinkedQueue<String>()
    private val problemCount = AtomicInteger()
    private val endings = EnumMap<FaultKind, IntArray>(FaultKind::class.java)

    @Test
    fun tenThousandCallsWithFaultsAndCancellationsLeaveNoThreadCallOrSocketBehind() {
        warmUp()
        val threadsBefore = ViewTesting.liveThreads()
        val familiesBefore = ProcessResources.threadFamilies()
        val socketsBefore = ProcessResources.socketInodes()
        val plans = AtomicReferenceArray<SoakPlan>(streams)
        val requests = AtomicIntegerArray(streams)
        val completions = arrayOfNulls<AtomicInteger>(streams)
        val server = FakeLlmServer().start()
        server.on(ScriptSource { request ->
            val id = request.lastUserMessage()?.removePrefix(PROMPT)?.toIntOrNull() ?: return@ScriptSource null
            val scripts = plans.get(id).scripts
            scripts[minOf(requests.getAndIncrement(id), scripts.size - 1)]
        })
        val socketsWithServer = ProcessResources.socketInodes()
        val clients = PROVIDERS.associateWith { SluiceLlm.wrap(LlmClient(configFor(it, server), soakOptions())) }
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val cancels = Executors.newFixedThreadPool(2, named("soak-cancel"))
        val blockingThreads = Executors.newFixedThreadPool(IN_FLIGHT, named("soak-blocking"))
        val views = SoakViews(scope, cancels, blockingThreads)
        val random = Random(seed)
        val perView = IntArray(LlmView.entries.size)
        var peakSockets = 0
        var peakThreads = 0
        val slots = Semaphore(IN_FLIGHT)
        val running = arrayOfNulls<CompletableFuture<*>>(streams)
        val t0 = System.nanoTime()
        for (id in 0 until streams) {
            if (!slots.tryAcquire(30, TimeUnit.SECONDS)) fail("no call ended within 30 s; still running: ${unfinished(running, plans)}")
            val view = LlmView.entries[id % LlmView.entries.size]
            val kind = if (random.nextInt(4) == 0) FaultKind.CLEAN else FaultKind.entries[1 + random.nextInt(FaultKind.entries.size - 1)]
            val client = clients.getValue(PROVIDERS.filter(kind::supports).let { it[random.nextInt(it.size)] })
            val answer = script { text(List(3 + random.nextInt(8)) { WORDS[random.nextInt(WORDS.size)] }.joinToString(" ")) }
            val cancel = if (random.nextInt(5) == 0) CancelAt(random.nextInt(answer.textTokens().size + 5), random.nextBoolean()) else null
            val plan = kind.plan(answer, random).let { if (cancel != null) it.paced(1.milliseconds) else it }
            plans.set(id, plan)
            perView[view.ordinal]++
            val future = views.start(view, client, requestFor("$PROMPT$id"), cancel, batch = 1 + random.nextInt(8))
            running[id] = future.whenComplete { outcome, error ->
                slots.release()
                completions[id] = outcome?.completions
                val verdict = if (outcome == null) Verdict.wrong("the view itself failed: $error") else judge(view, plan, cancel, outcome, requests.get(id))
                record(id, view, client.provider(), plan, cancel, verdict)
            }
            if (id % 250 == 0) {
                peakSockets = maxOf(peakSockets, ProcessResources.openSockets() ?: 0)
                peakThreads = maxOf(peakThreads, ViewTesting.liveThreads().size)
            }
        }
        try {
            CompletableFuture.allOf(*running.filterNotNull().toTypedArray()).get(120, TimeUnit.SECONDS)
        } catch (e: TimeoutException) {
            fail("calls still running 120 s after the last began: ${unfinished(running, plans)}")
        }
        val elapsedMillis = (System.nanoTime() - t0) / 1_000_000

        // Settled, with the clients and the server still open: nothing is open or running. A socket
        // the library closed may keep its descriptor while its connection is gone (in no /proc/net
        // table): the JDK frees it when the client's Ktor selector runs again, and that selector
        // idles once no socket is left (see HttpClient's known limitation); closing the client frees
        // it. Those are allowed here, a bounded few; a connected one is not.
        val lifetimes = clients.values.map { it.client().http.lifetime }
        fun newSockets() = socketsWithServer?.let { ProcessResources.describeSockets(ProcessResources.newSockets(it, ProcessResources.socketInodes()!!)) }.orEmpty()
        val settled = awaitCondition(SETTLE_SECONDS) {
            server.openConnections() == 0 && server.activeStreams() == 0 && lifetimes.all { it.running == 0 } &&
                newSockets().let { fresh -> fresh.size <= IN_FLIGHT && fresh.all { it.startsWith(ProcessResources.UNCONNECTED) } }
        }
        val lingering = newSockets()
        val settledState = "server open connections ${server.openConnections()}, active streams ${server.activeStreams()}, " +
            "library calls running ${lifetimes.sumOf { it.running }}, sockets ${ProcessResources.openSockets()} " +
            "(with the server: ${socketsWithServer?.size}; the server's port ${server.port}; new: $lingering)"
        val unheard = (0 until streams).filter { requests.get(it) > 0 && completions[it]?.get() != 1 }

        clients.values.forEach { it.close() }
        val clientsClosed = awaitCondition(SETTLE_SECONDS) { socketsWithServer == null || ProcessResources.socketInodes() == socketsWithServer }
        val afterClients = "${lingering.size} closed sockets awaiting their selector; once the clients closed: " +
            "${ProcessResources.openSockets()} (new: ${newSockets()})"
        scope.cancel()
        cancels.shutdown()
        blockingThreads.shutdown()
        assertTrue(cancels.awaitTermination(10, TimeUnit.SECONDS) && blockingThreads.awaitTermination(10, TimeUnit.SECONDS))
        server.close()
        val socketsBack = awaitCondition(SETTLE_SECONDS) { socketsBefore == null || ProcessResources.socketInodes() == socketsBefore }
        val threadProblem = runCatching { ViewTesting.assertNoThreadLeftBehind(threadsBefore, SETTLE_SECONDS.seconds.toJavaDuration()) }
        val familiesAfter = ProcessResources.threadFamilies()
        val sluiceThreads = ProcessResources.threadsRunning("dev.sluice.")

        println(
            "LLM soak: $streams calls in $elapsedMillis ms (seed $seed, $IN_FLIGHT in flight, " +
                "${Runtime.getRuntime().availableProcessors()} cores, ${server.requestCount()} requests); views " +
                LlmView.entries.joinToString(", ") { "${it.name.lowercase()} ${perView[it.ordinal]}" } +
                "; per fault answered/failed as expected/cancelled: " +
                endings.entries.joinToString(", ") { (kind, n) -> "$kind ${n[0]}/${n[1]}/${n[2]}" } +
                "; wrong endings $problemCount; sockets " +
                (if (socketsBefore == null) "not counted (no /proc/self/fd)" else "${socketsBefore.size} -> ${ProcessResources.openSockets()} (peak $peakSockets, /proc/self/fd)") +
                "; threads ${threadsBefore.size} -> ${ViewTesting.liveThreads().size} (peak $peakThreads; families changed: " +
                "${ProcessResources.familyChanges(familiesBefore, familiesAfter)}); settled: $settledState; $afterClients",
        )
        if (socketsBefore == null) println("LLM soak: /proc/self/fd is absent on this system: the socket check was skipped")
        assertTrue(problems.isEmpty(), "$problemCount calls ended wrongly, the first ones:\n" + problems.joinToString("\n"))
        assertTrue(settled, "not settled within $SETTLE_SECONDS s: $settledState")
        assertTrue(clientsClosed, "sockets not back to the server's own within $SETTLE_SECONDS s of closing the clients: $afterClients")
        assertTrue(unheard.isEmpty(), "calls sent without exactly one onComplete: ${unheard.take(20)}")
        assertTrue(socketsBack, "sockets after closing everything: ${ProcessResources.openSockets()}, before: ${socketsBefore?.size}; new: " +
            "${socketsBefore?.let { ProcessResources.describeSockets(ProcessResources.newSockets(it, ProcessResources.socketInodes()!!)) }}")
        threadProblem.getOrThrow()
        assertTrue(sluiceThreads.isEmpty(), "threads still running Sluice code: $sluiceThreads")
    }

    /**
     * One call through every view before the baselines, so that what lives as long as the JVM is
     * there already: the JDK's one socket it points closing descriptors at (made at the first
     * close of an NIO channel), kotlinx.coroutines' scheduler threads.
     */
    private fun warmUp() {
        FakeLlmServer().start().use { warm ->
            for (view in LlmView.entries) {
                val outcome = view.run(LlmClient(configFor(Provider.OPENAI_CHAT, warm), soakOptions()), requestFor())
                check(outcome.error == null) { "warm-up call failed: ${outcome.error}" }
            }
        }
    }

    private fun record(id: Int, view: LlmView, provider: Provider, plan: SoakPlan, cancel: CancelAt?, verdict: Verdict) {
        synchronized(endings) {
            verdict.ending?.let { endings.getOrPut(plan.kind) { IntArray(3) }[it.ordinal]++ }
        }
        verdict.problem?.let {
            if (problemCount.incrementAndGet() <= 20) {
                problems += "#$id $view $provider ${plan.kind} cancel=${cancel?.let { c -> "${c.afterEvents}/${c.fromAnotherThread}" }}: $it"
            }
        }
    }

    private fun unfinished(running: Array<CompletableFuture<*>?>, plans: AtomicReferenceArray<SoakPlan>): String =
        running.indices.filter { running[it]?.isDone == false }.take(20)
            .joinToString { "#$it ${LlmView.entries[it % LlmView.entries.size]} ${plans.get(it).kind}" }

    private companion object {
        const val IN_FLIGHT = 48
        const val SETTLE_SECONDS = 30L
        const val PROMPT = "soak call "
        val PROVIDERS = listOf(Provider.OPENAI_CHAT, Provider.OPENAI_RESPONSES, Provider.ANTHROPIC, Provider.GEMINI, Provider.OLLAMA)
        val WORDS = listOf("river", "flows", "to", "the", "sea", "naïve", "€uro", "日本", "🙂", "delta", "¡sí!")

        /**
         * Tiny retry waits; an idle timeout that ends stalls soon yet never fires before a fault the
         * fake server delivers late: a dropped connection or malformed chunk waits until the frames
         * before it reached the client's socket, up to 2 s under load (at 500 ms, one call in
         * 10,000 timed out first on 2 busy cores).
         */
        fun soakOptions() = LlmClientOptions().apply {
            retryPolicy = RetryPolicy().withBaseDelay(1.milliseconds).withMaxDelay(4.milliseconds)
            idleTimeout = 2500.milliseconds
            firstTokenTimeout = 20.seconds
            totalTimeout = 60.seconds
            acceptCompression = true
        }

        fun named(prefix: String): ThreadFactory {
            val n = AtomicInteger()
            return ThreadFactory { r -> Thread(r, "$prefix-${n.incrementAndGet()}").apply { isDaemon = true } }
        }

        /** Polls [condition] every 20 ms for at most [seconds]; whether it came true. */
        fun awaitCondition(seconds: Long, condition: () -> Boolean): Boolean {
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
            while (!condition()) {
                if (System.nanoTime() > deadline) return false
                Thread.sleep(20)
            }
            return true
        }
    }
}
