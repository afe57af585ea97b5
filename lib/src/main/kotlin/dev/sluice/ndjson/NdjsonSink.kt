package dev.sluice.ndjson

/** Receives values from an [NdjsonDecoder], synchronously, on the thread that feeds it. */
public fun interface NdjsonSink<T> {
    public fun onValue(value: T)
}
