package dev.sluice.internal.llm.client

import dev.sluice.http.HttpRequest
import dev.sluice.http.HttpTransportException
import dev.sluice.http.RetryPolicy
import dev.sluice.internal.http.RequestSettings
import dev.sluice.internal.http.exchange
import dev.sluice.internal.llm.provider.providerSpec
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.request.ChatRequest
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/**
 * What a background call ([ChatRequest.isBackground], OpenAI Responses) adds to an LLM call: a
 * stream that drops is read again after the last event decoded (the provider's resume URL with
 * its cursor, the Responses `sequence_number`), and a cancelled call cancels the response on the
 * server, so that stopping a generation also stops its billing. For other calls both do nothing.
 */
internal class BackgroundCalls(private val client: LlmClient, private val request: ChatRequest) {
    private val spec = providerSpec(client.provider)
    private var resumptions = 0

    /**
     * The request that resumes the stream after [failure], or `null` when it cannot be resumed:
     * not a background call, not an interrupted stream, no response id or cursor yet, the
     * consumer's own failure, or [MAX_RESUMPTIONS] already spent.
     */
    fun resumeRequest(failure: Throwable, decoder: LlmStreamDecoder, downstreamFailed: Boolean): HttpRequest? {
        if (!request.isBackground || downstreamFailed || resumptions >= MAX_RESUMPTIONS) return null
        val resumable = failure is LlmInterruptedException && (failure.cause == null || failure.cause is HttpTransportException)
        if (!resumable) return null
        val id = decoder.snapshot().id ?: return null
        val cursor = decoder.lastSequence ?: return null
        val url = spec.resumeUrl(client.config.baseUrl, id, cursor) ?: return null
        resumptions++
        return withAuth(client.http.request("GET", url))
    }

    /**
     * Cancels the background response [responseId] on the server, once, within [CANCEL_TIMEOUT_MILLIS]
     * even though the caller's coroutine is being cancelled; a failure is ignored (the call is
     * ending anyway). Does nothing for other calls, or before the response id arrived.
     */
    suspend fun cancelOnServer(responseId: String?) {
        if (!request.isBackground || responseId == null || client.isClosed) return
        val url = spec.cancelUrl(client.config.baseUrl, responseId) ?: return
        val cancel = withAuth(client.http.request("POST", url)).body(ByteArray(0), "application/json")
        withContext(NonCancellable) {
            withTimeoutOrNull(CANCEL_TIMEOUT_MILLIS) {
                try {
                    cancel.exchange { it.close() }
                } catch (e: Exception) {
                    // The call is ending anyway; the response may already have finished.
                }
            }
        }
    }

    private fun withAuth(base: HttpRequest): HttpRequest {
        var r = base
        for ((name, value) in client.config.headers(stream = true)) {
            if (!name.equals("Content-Type", ignoreCase = true)) r = r.header(name, value)
        }
        return r.copy(settings = RequestSettings(RetryPolicy.none(), client.timeouts))
    }

    companion object {
        /** Resumptions of one call at most, so a server that keeps dropping cannot loop forever. */
        const val MAX_RESUMPTIONS = 10

        const val CANCEL_TIMEOUT_MILLIS = 5_000L
    }
}
