package dev.sluice.llm.client

import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * Resources of this JVM a leak check compares before and after a run.
 *
 * Sockets are counted on Linux from `/proc/self/fd`: every entry is a symbolic link to what the
 * descriptor holds, and a socket's target reads `socket:[<inode>]` (TCP, UDP and Unix sockets,
 * listening and connected alike; epoll and pipe descriptors of NIO selectors are not sockets).
 * Where `/proc` is absent (macOS, Windows) [openSockets] is `null` and callers skip that one check.
 */
object ProcessResources {
    private val FD_DIR: Path = Paths.get("/proc/self/fd")

    /** Whether [openSockets] can count (a Linux `/proc`). */
    val canCountSockets: Boolean get() = Files.isDirectory(FD_DIR)

    /** How many descriptors of this process are sockets, or `null` without `/proc/self/fd`. */
    fun openSockets(): Int? = socketInodes()?.size

    /**
     * The inodes of this process's socket descriptors (`socket:[<inode>]` targets), sorted, one
     * per descriptor (the JDK points descriptors it is about to close at one shared socket), or
     * `null` without `/proc/self/fd`.
     */
    fun socketInodes(): List<String>? {
        if (!canCountSockets) return null
        val inodes = ArrayList<String>()
        Files.newDirectoryStream(FD_DIR).use { fds ->
            for (fd in fds) {
                val target = try {
                    Files.readSymbolicLink(fd).toString()
                } catch (e: IOException) {
                    continue // closed between listing and reading: not open any more
                }
                if (target.startsWith("socket:[")) inodes += target.removePrefix("socket:[").removeSuffix("]")
            }
        }
        return inodes.sorted()
    }

    /** [after] without one occurrence of each of [before]: the socket descriptors opened since. */
    fun newSockets(before: List<String>, after: List<String>): List<String> =
        after.toMutableList().apply { before.forEach { remove(it) } }

    /**
     * What the sockets with these [inodes] are, from `/proc/net/tcp`, `tcp6` and `unix`: `tcp
     * local port -> remote port STATE` or `unix ...`; a socket found in none is not yet connected.
     */
    fun describeSockets(inodes: Collection<String>): List<String> {
        val tcp = HashMap<String, String>()
        try {
            for (line in Files.readAllLines(Paths.get("/proc/net/unix")).drop(1)) {
                val f = line.trim().split(WHITESPACE)
                if (f.size >= 7) tcp[f[6]] = "unix socket [${f[6]}] state ${f[5]} ${f.getOrNull(7) ?: "(unnamed)"}"
            }
        } catch (e: IOException) {
            // no /proc/net/unix: TCP only
        }
        for (table in listOf("/proc/net/tcp", "/proc/net/tcp6")) {
            val lines = try {
                Files.readAllLines(Paths.get(table))
            } catch (e: IOException) {
                continue
            }
            for (line in lines.drop(1)) {
                val f = line.trim().split(WHITESPACE)
                if (f.size < 10) continue
                val port = { address: String -> address.substringAfterLast(':').toInt(16) }
                tcp[f[9]] = "tcp ${port(f[1])} -> ${port(f[2])} ${TCP_STATES[f[3]] ?: f[3]}"
            }
        }
        return inodes.map { inode -> tcp[inode] ?: "$UNCONNECTED[$inode] (in no /proc/net table: not connected)" }
    }

    /** Live threads by name family (digits folded: `DefaultDispatcher-worker-#`), sorted. */
    fun threadFamilies(): Map<String, Int> =
        Thread.getAllStackTraces().keys.filter { it.isAlive }
            .groupingBy { it.name.replace(DIGITS, "#") }.eachCount().toSortedMap()

    /** The families whose count differs between [before] and [after], as `name before->after`. */
    fun familyChanges(before: Map<String, Int>, after: Map<String, Int>): String =
        (before.keys + after.keys).toSortedSet()
            .filter { before[it] != after[it] }
            .joinToString(", ") { "$it ${before[it] ?: 0}->${after[it] ?: 0}" }
            .ifEmpty { "none" }

    /** Threads other than the caller's whose stack runs Sluice code ([prefixes]), as `name: frame`. */
    fun threadsRunning(vararg prefixes: String, except: (Thread) -> Boolean = { false }): List<String> {
        val self = Thread.currentThread()
        return Thread.getAllStackTraces().entries.mapNotNull { (thread, stack) ->
            if (thread == self || !thread.isAlive || except(thread)) return@mapNotNull null
            stack.firstOrNull { frame -> prefixes.any { frame.className.startsWith(it) } }?.let { "${thread.name}: $it" }
        }
    }

    /** How [describeSockets] starts a socket in no `/proc/net` table (closed or not yet connected). */
    const val UNCONNECTED = "unconnected socket"

    private val DIGITS = Regex("\\d+")
    private val WHITESPACE = Regex("\\s+")
    private val TCP_STATES = mapOf(
        "01" to "ESTABLISHED", "02" to "SYN_SENT", "03" to "SYN_RECV", "04" to "FIN_WAIT1", "05" to "FIN_WAIT2",
        "06" to "TIME_WAIT", "07" to "CLOSE", "08" to "CLOSE_WAIT", "09" to "LAST_ACK", "0A" to "LISTEN", "0B" to "CLOSING",
    )
}
