package dev.sluice.testkit

/** Picks the requests a script rule applies to; see [FakeLlmServer.on]. */
public fun interface RequestMatcher {
    public fun matches(request: RecordedRequest): Boolean
}
