package dev.sluice.samples.cli

/** `--name value` / `--name=value` options of one command; anything else is a [UsageException]. */
internal class CliOptions private constructor(private val values: Map<String, String>) {
    operator fun get(name: String): String? = values[name]

    fun positiveInt(name: String): Int? = values[name]?.let {
        it.toIntOrNull()?.takeIf { n -> n > 0 } ?: throw UsageException("$name wants a positive integer; got '$it'")
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
