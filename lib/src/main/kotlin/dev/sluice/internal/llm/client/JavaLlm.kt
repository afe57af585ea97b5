@file:JvmName("JavaLlm")
@file:OptIn(DelicateCoroutinesApi::class)

package dev.sluice.internal.llm.client

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmResult
import dev.sluice.llm.request.ChatRequest
import dev.sluice.metrics.MetricsListener
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.future.future
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.CoroutineContext

/**
 * For the Java facade: the final message of one call as a future, running on [context].
 * Cancelling the future cancels the call and closes its connection; a failure completes it
 * exceptionally with the very exception the call raised.
 */
public fun completeFuture(
    client: LlmClient,
    request: ChatRequest,
    metrics: MetricsListener?,
    context: CoroutineContext,
): CompletableFuture<LlmResult> = GlobalScope.future(context) { client.complete(request, metrics) }
