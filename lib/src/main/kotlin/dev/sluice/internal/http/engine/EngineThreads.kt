package dev.sluice.internal.http.engine

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.net.InetSocketAddress

/** At most this many host-name lookups (which block a thread) run at once, on `Dispatchers.IO`. */
internal const val RESOLVER_THREADS = 4

private val resolver: CoroutineDispatcher = Dispatchers.IO.limitedParallelism(RESOLVER_THREADS)

/**
 * The address of [host]: an IP literal at once, a name through the JDK's resolver (cached, but a
 * lookup may block for seconds) on the bounded [resolver]. An unknown name gives an unresolved
 * address, which the connect then reports.
 */
internal suspend fun resolve(host: String, port: Int): InetSocketAddress =
    if (isIpLiteral(host)) InetSocketAddress(host, port) else withContext(resolver) { InetSocketAddress(host, port) }

private fun isIpLiteral(host: String): Boolean =
    host.contains(':') || (host.isNotEmpty() && host.all { it == '.' || it in '0'..'9' })
