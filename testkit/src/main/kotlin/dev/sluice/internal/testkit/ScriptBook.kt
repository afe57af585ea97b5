package dev.sluice.internal.testkit

import dev.sluice.testkit.RecordedRequest
import dev.sluice.testkit.RequestMatcher
import dev.sluice.testkit.Script
import dev.sluice.testkit.ScriptSource

/**
 * Which script answers a request: the queue first (each queued script answers one request,
 * in order), then the first rule that gives a script, then the default script;
 * `null` when none applies (the caller then echoes the prompt). Thread-safe; matchers run
 * outside the lock.
 */
internal class ScriptBook {
    private val lock = Any()
    private val queue = ArrayDeque<Script>()
    private val rules = ArrayList<ScriptSource>()
    private var default: Script? = null

    fun setDefault(script: Script?): Unit = synchronized(lock) { default = script }

    fun enqueue(scripts: List<Script>): Unit = synchronized(lock) { queue.addAll(scripts) }

    fun addRule(matcher: RequestMatcher, script: Script): Unit = addRule { if (matcher.matches(it)) script else null }

    fun addRule(source: ScriptSource): Unit = synchronized(lock) { rules += source }

    fun queued(): Int = synchronized(lock) { queue.size }

    fun clear(): Unit = synchronized(lock) {
        queue.clear()
        rules.clear()
        default = null
    }

    fun select(request: RecordedRequest): Script? {
        val (rulesNow, defaultNow) = synchronized(lock) {
            queue.removeFirstOrNull()?.let { return it }
            rules.toList() to default
        }
        for (rule in rulesNow) rule.scriptFor(request)?.let { return it }
        return defaultNow
    }
}
