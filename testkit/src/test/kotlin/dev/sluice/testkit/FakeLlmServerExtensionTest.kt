package dev.sluice.testkit

import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.MethodOrderer
import org.junit.jupiter.api.Order
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestMethodOrder
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.api.extension.ExtensionContext
import org.junit.jupiter.api.extension.RegisterExtension
import java.lang.reflect.Proxy
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotSame
import kotlin.test.assertSame
import kotlin.test.assertTrue

/** A context the extension must not need: every call fails. */
private val unusedContext: ExtensionContext = Proxy.newProxyInstance(
    ExtensionContext::class.java.classLoader,
    arrayOf(ExtensionContext::class.java),
) { _, method, _ -> throw UnsupportedOperationException("ExtensionContext.${method.name}") } as ExtensionContext

@Timeout(30)
class FakeLlmServerExtensionLifecycleTest {
    @Test
    fun classLevelServerLivesFromBeforeAllToAfterAllAndResetsBetweenTests() {
        val extension = FakeLlmServerExtension()
        extension.beforeAll(unusedContext)
        val server = extension.server()
        assertTrue(server.isRunning())
        extension.beforeEach(unusedContext)
        server.enqueue(textScript("x"))
        post("${server.openAiBaseUrl}/chat/completions", chatBody("q"))
        extension.afterEach(unusedContext)
        assertTrue(server.isRunning(), "class-level server survives a test")
        extension.beforeEach(unusedContext)
        assertSame(server, extension.server())
        assertEquals(0, server.requestCount(), "reset before each test")
        extension.afterEach(unusedContext)
        extension.afterAll(unusedContext)
        assertFalse(server.isRunning())
    }

    @Test
    fun methodLevelServerIsNewForEachTest() {
        val extension = FakeLlmServerExtension()
        extension.beforeEach(unusedContext)
        val first = extension.server()
        extension.afterEach(unusedContext)
        assertFalse(first.isRunning())
        extension.beforeEach(unusedContext)
        val second = extension.server()
        assertNotSame(first, second)
        assertTrue(second.isRunning())
        extension.afterEach(unusedContext)
        assertFalse(second.isRunning())
    }

    @Test
    fun nestedClassesShareTheOuterServer() {
        val extension = FakeLlmServerExtension()
        extension.beforeAll(unusedContext)
        val server = extension.server()
        extension.beforeAll(unusedContext)
        extension.afterAll(unusedContext)
        assertTrue(server.isRunning(), "inner afterAll keeps the outer server")
        extension.afterAll(unusedContext)
        assertFalse(server.isRunning())
    }
}

@Timeout(30)
@TestMethodOrder(MethodOrderer.OrderAnnotation::class)
class FakeLlmServerExtensionStaticFieldTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fake: FakeLlmServerExtension = FakeLlmServerExtension()

        var firstPort: Int = -1
    }

    @Test
    @Order(1)
    fun serverRunsAndAnswers() {
        val server = fake.server()
        server.enqueue(textScript("from-the-extension"))
        val result = post("${server.openAiBaseUrl}/chat/completions", chatBody("q"))
        assertTrue(result.body.contains("from-the-extension"))
        firstPort = server.port
    }

    @Test
    @Order(2)
    fun sameServerIsResetForTheNextTest(server: FakeLlmServer) {
        assertSame(fake.server(), server)
        assertEquals(firstPort, server.port)
        assertEquals(0, server.requestCount())
        assertEquals(0, server.queuedScripts())
    }
}

@Timeout(30)
@TestMethodOrder(MethodOrderer.OrderAnnotation::class)
class FakeLlmServerExtensionInstanceFieldTest {
    companion object {
        val seen: MutableList<FakeLlmServer> = mutableListOf()
    }

    @RegisterExtension
    val fake: FakeLlmServerExtension = FakeLlmServerExtension()

    @Test
    @Order(1)
    fun firstTestGetsAServer() {
        seen += fake.server()
        assertTrue(fake.server().isRunning())
    }

    @Test
    @Order(2)
    fun secondTestGetsAnotherAndTheFirstIsClosed() {
        assertFalse(seen.single().isRunning())
        assertNotSame(seen.single(), fake.server())
        assertTrue(fake.server().isRunning())
    }
}

@Timeout(30)
@ExtendWith(FakeLlmServerExtension::class)
class FakeLlmServerExtensionParameterTest(private val constructed: FakeLlmServer) {
    private var fromBeforeEach: FakeLlmServer? = null

    @BeforeEach
    fun setUp(server: FakeLlmServer) {
        fromBeforeEach = server
        server.defaultScript(textScript("injected"))
    }

    @Test
    fun parametersResolveToTheRunningServer(server: FakeLlmServer) {
        assertSame(constructed, server)
        assertSame(fromBeforeEach, server)
        assertTrue(server.isRunning())
        val result = post("${server.openAiBaseUrl}/chat/completions", chatBody("q"))
        assertTrue(result.body.contains("injected"))
    }
}
