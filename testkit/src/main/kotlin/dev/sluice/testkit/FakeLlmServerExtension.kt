package dev.sluice.testkit

import org.junit.jupiter.api.extension.AfterAllCallback
import org.junit.jupiter.api.extension.AfterEachCallback
import org.junit.jupiter.api.extension.BeforeAllCallback
import org.junit.jupiter.api.extension.BeforeEachCallback
import org.junit.jupiter.api.extension.ExtensionContext
import org.junit.jupiter.api.extension.ParameterContext
import org.junit.jupiter.api.extension.ParameterResolver

/**
 * JUnit 5 extension that runs a [FakeLlmServer] around tests (needs `junit-jupiter-api` on
 * the test classpath; the testkit declares it optional).
 *
 * - Registered on a static field (`@RegisterExtension static`) or with `@ExtendWith` on the
 *   class: one server for the whole class, started before all tests and closed after them;
 *   before each test its scripts and recorded requests are [reset][FakeLlmServer.reset].
 * - Registered on an instance field (`@RegisterExtension`): a new server for each test.
 *
 * Test methods, constructors and lifecycle methods can declare a [FakeLlmServer] parameter.
 * Not meant for tests running in parallel within one class.
 *
 * ```java
 * @RegisterExtension
 * static final FakeLlmServerExtension fake = new FakeLlmServerExtension();
 *
 * @Test
 * void streams() {
 *     fake.server().enqueue(new ScriptBuilder().text("Hi").build());
 *     String base = fake.server().getOpenAiBaseUrl();
 * }
 * ```
 *
 * @param port the port to bind; `0` (the default) picks a free one.
 */
public class FakeLlmServerExtension @JvmOverloads constructor(private val port: Int = 0) :
    BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private val lock = Any()
    private var server: FakeLlmServer? = null
    private var classLevelDepth = 0

    /** The running server; starts one if none runs yet (e.g. when called from a field initialiser). */
    public fun server(): FakeLlmServer = synchronized(lock) {
        server ?: FakeLlmServer(port).start().also { server = it }
    }

    override fun beforeAll(context: ExtensionContext) {
        synchronized(lock) {
            classLevelDepth++
            server()
        }
    }

    override fun afterAll(context: ExtensionContext) {
        val toClose = synchronized(lock) {
            classLevelDepth--
            if (classLevelDepth == 0) server.also { server = null } else null
        }
        toClose?.close()
    }

    override fun beforeEach(context: ExtensionContext) {
        synchronized(lock) {
            if (classLevelDepth > 0) server?.reset() else server()
        }
    }

    override fun afterEach(context: ExtensionContext) {
        val toClose = synchronized(lock) {
            if (classLevelDepth == 0) server.also { server = null } else null
        }
        toClose?.close()
    }

    override fun supportsParameter(parameterContext: ParameterContext, extensionContext: ExtensionContext): Boolean =
        parameterContext.parameter.type == FakeLlmServer::class.java

    override fun resolveParameter(parameterContext: ParameterContext, extensionContext: ExtensionContext): Any = server()

    override fun toString(): String = "FakeLlmServerExtension(${synchronized(lock) { server }})"
}
