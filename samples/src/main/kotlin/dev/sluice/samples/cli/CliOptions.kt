package dev.sluice.samples.cli

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** `--name value` / `--name=value` options of one command; anything else is a [UsageException]. */
internal class CliOptions private constructor(private val values: Map<String, String>) {
    operator fun get(name: String): String? = values[name]

    fun positiveInt(name: String): Int? = values[name]?.let {
        it.toIntOrNull()?.takeIf { n -> n > 0 } ?: throw UsageException("$name wants a positive integer; got '$it'")
    }

    fun nonNegativeInt(name: String): Int? = values[name]?.let {
        it.toIntOrNull()?.takeIf { n -> n >= 0 } ?: throw UsageException("$name wants a whole number, 0 or more; got '$it'")
    }

    /** Seconds, decimals allowed (`0.5`), at least 1 ms, as a duration. */
    fun seconds(name: String): Duration? = values[name]?.let {
        val value = it.toDoubleOrNull()?.takeIf { s -> s.isFinite() && s >= 0.001 && s <= MAX_SECONDS }
            ?: throw UsageException("$name wants seconds, at least 0.001 (decimals allowed); got '$it'")
        value.seconds
    }

    companion object {
        fun parse(args: List<String>, known: Set<String>): CliOptions {
            val values = LinkedHashMap<String, String>()
            var i = 0
            while (i < args.size) {
                val arg = args[i]
                val eq = arg.indexOf('=')
                val name = if (arg.startsWith("--") && eq > 0) arg.substring(0, eq) else arg
                if (name !in known) throw UsageException("unknown argument '$arg'")
                val value = if (name != arg) {
                    arg.substring(eq + 1)
                } else {
                    i++
                    args.getOrNull(i) ?: throw UsageException("$name wants a value")
                }
                if (values.put(name, value) != null) throw UsageException("$name given twice")
                i++
            }
            return CliOptions(values)
        }
    }
}

/** About 31 years: a bound that keeps every given duration finite. */
private const val MAX_SECONDS = 1e9
