package dev.sluice.testkit

/** Placeholder, replaced by the fake LLM server. */
public class FakeLlmServer
