package dev.sluice.sse

/** Receives events from a [SseDecoder], synchronously, on the thread that feeds it. */
public fun interface SseEventSink {
    public fun onEvent(event: ServerSentEvent)
}
