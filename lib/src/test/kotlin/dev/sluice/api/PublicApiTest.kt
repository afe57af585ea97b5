package dev.sluice.api

import org.junit.jupiter.api.Test
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * Guards the public API of `lib`.
 *
 * - `lib/api/sluice.api` holds the reviewed dump; a change fails until the file is rewritten on
 *   purpose with `./mvnw -pl lib test -Dtest=PublicApiTest -Dsluice.api.update=true`.
 * - Java-facing signatures (everything not marked `@JvmSynthetic`) must not expose Kotlin-isms
 *   (DESIGN.md, "What a Java caller never sees").
 * - One exemption, decided when the request model moved to Kotlin: a companion object whose
 *   public functions are all `@JvmStatic` (Java calls `ChatRequest.builder()`, never
 *   `ChatRequest.Companion.builder()`) is Kotlin-only; its `Companion` field and class stay in the
 *   dump, marked `kotlin-only`. Kotlin has no other way to give a class Java-style static
 *   factories that Kotlin callers also reach as `ChatRequest.builder()`. See [PublicApi].
 */
class PublicApiTest {
    private val classesDir = File(System.getProperty("sluice.classes.dir") ?: "target/classes")
    private val apiFile = File(System.getProperty("sluice.api.file") ?: "api/sluice.api")
    private val api = PublicApi(classesDir)

    @Test
    fun publicApiMatchesReviewedDump() {
        val actual = api.dump()
        if (System.getProperty("sluice.api.update") == "true") {
            apiFile.parentFile.mkdirs()
            apiFile.writeText(actual)
            return
        }
        assertTrue(apiFile.isFile, "missing $apiFile: run with -Dsluice.api.update=true to create it")
        assertEquals(
            apiFile.readText(), actual,
            "The public API changed. Review the difference, then rewrite $apiFile with " +
                "./mvnw -pl lib test -Dtest=PublicApiTest -Dsluice.api.update=true",
        )
    }

    /**
     * The testkit's public API, dumped the same way to `testkit/api/sluice-testkit.api` (the
     * testkit is on this module's test classpath; its own build has no reflection dependency).
     */
    @Test
    fun testkitApiMatchesReviewedDump() {
        val dir = File(System.getProperty("sluice.testkit.classes.dir") ?: "../testkit/target/classes")
        val file = File(System.getProperty("sluice.testkit.api.file") ?: "../testkit/api/sluice-testkit.api")
        assertTrue(File(dir, "dev/sluice/testkit/FakeLlmServer.class").isFile, "testkit classes not built in $dir (build with -am)")
        val actual = PublicApi(dir).dump()
        if (System.getProperty("sluice.api.update") == "true") {
            file.parentFile.mkdirs()
            file.writeText(actual)
            return
        }
        assertTrue(file.isFile, "missing $file: run with -Dsluice.api.update=true to create it")
        assertEquals(file.readText(), actual, "The testkit's public API changed. Review, then rewrite $file with -Dsluice.api.update=true")
    }

    /**
     * Kotlin `internal` members of public classes compile to public methods named `name$module`:
     * Java could call them (`getHttp$sluice()` handed out the raw Ktor client). Each carries
     * `@JvmSynthetic` (or `@get:`/`@set:`), which javac cannot call.
     */
    @Test
    fun noKotlinInternalMemberIsCallableFromJava() {
        val dirs = listOf(classesDir, File(System.getProperty("sluice.testkit.classes.dir") ?: "../testkit/target/classes"))
        val leaks = dirs.filter { it.isDirectory }.flatMap { dir ->
            dir.walkTopDown().filter { it.isFile && it.name.endsWith(".class") }
                .map { it.relativeTo(dir).path.removeSuffix(".class").replace(File.separatorChar, '.') }
                .filter { !it.startsWith("dev.sluice.internal.") && it.startsWith("dev.sluice.") }
                .mapNotNull { runCatching { Class.forName(it, false, javaClass.classLoader) }.getOrNull() }
                .filter { java.lang.reflect.Modifier.isPublic(it.modifiers) }
                .flatMap { c ->
                    c.declaredMethods.filter {
                        java.lang.reflect.Modifier.isPublic(it.modifiers) && !it.isSynthetic && '$' in it.name &&
                            (it.name.contains("\$sluice") || it.name.endsWith("\$sluice_testkit"))
                    }.map { "${c.name}.${it.name}" }
                }.toList()
        }
        assertTrue(dirs.first().isDirectory)
        assertEquals(emptyList(), leaks, "internal members callable from Java: add @JvmSynthetic")
    }

    @Test
    fun javaFacingSignaturesHideKotlinInternals() {
        val problems = problems(api.entries())
        if (problems.isNotEmpty()) fail("Java-facing signatures expose Kotlin internals:\n" + problems.joinToString("\n"))
    }

    @Test
    fun companionIsKotlinOnlyOnlyWhenEveryFunctionIsJvmStatic() {
        val clean = listOf(StaticOnly::class.java, StaticOnly.Companion::class.java).flatMap { api.describe(it) }
        assertEquals(emptyList(), problems(clean))
        assertTrue(clean.any { it.line.startsWith("kotlin-only ") && it.line.endsWith(" Companion") }, clean.joinToString { it.line })
        assertTrue(clean.any { !it.javaFacing && it.line.contains("public static final class") }, "the companion class is Kotlin-only")

        val leaky = listOf(HalfStatic::class.java, HalfStatic.Companion::class.java).flatMap { api.describe(it) }
        val leaks = problems(leaky)
        assertEquals(2, leaks.size, leaks.joinToString("\n"))
        assertTrue(leaks.all { "Companion" in it })
    }

    private fun problems(entries: List<PublicApi.Entry>): List<String> = entries.filter { it.javaFacing }.mapNotNull { e ->
        FORBIDDEN.firstOrNull { (pattern, _) -> pattern.containsMatchIn(e.line) }?.let { (_, why) -> "${e.owner}: ${e.line}\n    -> $why" }
    }

    @Test
    fun publicApiIsNotEmptyAndSkipsInternalPackages() {
        val entries = api.entries()
        assertTrue(entries.any { it.owner == "dev.sluice.sse.ServerSentEvent" }, "ServerSentEvent must be public API")
        assertTrue(entries.none { it.owner.startsWith("dev.sluice.internal.") }, "internal packages leaked into the dump")
    }

    @Test
    fun forbiddenPatternsCatchWhatTheyName() {
        val samples = mapOf(
            "public static final kotlin.jvm.functions.Function1<java.lang.String, kotlin.Unit> f()" to true,
            "public final java.lang.Object await(kotlin.coroutines.Continuation<? super java.lang.String>)" to true,
            "public static final dev.sluice.Foo\$Companion Companion" to true,
            "public static dev.sluice.Foo foo\$default(dev.sluice.Foo,int,java.lang.Object)" to true,
            "public final class dev.sluice.FooKt" to true,
            "public final java.lang.String getType()" to false,
            "public static final dev.sluice.llm.PartialJson INSTANCE" to true,
            "public static final java.lang.String INSTANCE_ID" to false,
            "public final dev.sluice.Foo getInstance()" to false,
            "public static kotlin.enums.EnumEntries<dev.sluice.llm.LlmEventKind> getEntries()" to true,
            "public final java.util.List<dev.sluice.llm.LlmEventKind> getEntries()" to false,
            "public static final kotlinx.serialization.json.JsonElement parse(java.lang.String)" to true,
            "public <init>(kotlinx.serialization.DeserializationStrategy<? extends T>,dev.sluice.ndjson.NdjsonSink<T>)" to true,
            "public final kotlinx.serialization.KSerializer<dev.sluice.Foo> serializer()" to true,
            "public final java.lang.String serialization(dev.sluice.serialization.JsonText)" to false,
        )
        samples.forEach { (line, bad) ->
            assertEquals(bad, FORBIDDEN.any { it.first.containsMatchIn(line) }, line)
        }
    }

    private companion object {
        val FORBIDDEN: List<Pair<Regex, String>> = listOf(
            Regex("""kotlin\.Unit\b""") to "kotlin.Unit in a signature: use a Java functional interface returning void",
            Regex("""kotlin\.jvm\.functions\.Function""") to "Kotlin function type: use a fun interface, or @JvmSynthetic for Kotlin-only API",
            Regex("""kotlin\.coroutines\.Continuation""") to "suspend function visible to Java: mark it @JvmSynthetic and offer a CompletableFuture",
            Regex("""\bCompanion\b""") to "companion object: use top-level functions (@file:JvmName) or @JvmStatic on a Java class",
            Regex("""\${'$'}default\b""") to "default arguments: use @JvmOverloads",
            Regex("""\bkotlin\.time\.Duration\b""") to "kotlin.time.Duration: offer java.time.Duration",
            Regex("""class [\w.${'$'}]+Kt\b""") to "FooKt facade class: name the file with @file:JvmName",
            Regex("""close\(\) throws java\.lang\.Exception""") to "close() must not throw a checked exception",
            Regex("""\bstatic\b.*\sINSTANCE$""") to
                "Kotlin object: use top-level functions (@file:JvmName) or a class with a private constructor and static members",
            Regex("""\bkotlin\.enums\.EnumEntries\b""") to "Kotlin enum (getEntries()): write public enums in Java",
            Regex("""\bkotlinx\.serialization\.""") to
                "kotlinx-serialization type: offer JSON text or a Java type, and mark Kotlin-only API @JvmSynthetic",
        )
    }
}

/** A companion Java never names: its one function is `@JvmStatic`, its constant `const`. */
class StaticOnly private constructor() {
    companion object {
        const val LIMIT: Int = 1

        @JvmStatic
        fun create(): StaticOnly = StaticOnly()
    }
}

/** A companion Java must name for [HalfStatic.Companion.other]: the guard rejects it. */
class HalfStatic private constructor() {
    companion object {
        @JvmStatic
        fun create(): HalfStatic = HalfStatic()

        fun other(): Int = 2
    }
}
