package dev.sluice.http

/** Told about download progress, on the thread that reads the body, after each piece is written. */
public fun interface ProgressListener {
    /**
     * @param bytesSoFar body bytes received so far.
     * @param contentLength the announced body length, or `-1` when the server did not announce one.
     */
    public fun onProgress(bytesSoFar: Long, contentLength: Long)
}
