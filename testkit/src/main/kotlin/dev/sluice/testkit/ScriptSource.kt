package dev.sluice.testkit

/**
 * Computes the script for a request, or `null` to leave it to the next rule; see
 * [FakeLlmServer.on]. Called on a server thread; keep it quick and thread-safe.
 */
public fun interface ScriptSource {
    public fun scriptFor(request: RecordedRequest): Script?
}
