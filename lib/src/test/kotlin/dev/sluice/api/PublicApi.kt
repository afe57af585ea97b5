package dev.sluice.api

import java.io.File
import java.lang.reflect.Constructor
import java.lang.reflect.Executable
import java.lang.reflect.Field
import java.lang.reflect.Member
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import kotlin.reflect.KVisibility
import kotlin.reflect.jvm.kotlinFunction

/**
 * Reads the public API of the compiled `lib` classes: every public or protected class outside
 * `dev.sluice.internal`, and its public or protected members, as sorted text lines.
 *
 * Kotlin `internal` declarations compile to public bytecode; Kotlin metadata (through
 * kotlin-reflect) tells them apart and they are left out. Synthetic members are Kotlin-only
 * (`@JvmSynthetic`: suspend functions, DSL builders taking lambdas); they are listed with a
 * `synthetic` marker, because they are API for Kotlin, but are exempt from the Java-facing rules.
 *
 * Companion objects: Kotlin has no static members, so a Kotlin class with Java-style factories
 * (`ChatRequest.builder()`, `Message.user(...)`) needs a companion, which always compiles to a
 * public `Companion` field and a `Foo$Companion` class. When every public function of the
 * companion is `@JvmStatic` (so the outer class has a static twin of each, and its constants are
 * `const val` static fields) and the companion extends nothing, a Java caller never has to write
 * `Companion.`: the field and the companion class are listed with a `kotlin-only` marker (Kotlin
 * binaries call through them, so they stay reviewed API) and are exempt from the Java-facing
 * rules. A companion with any other public member stays Java-facing, and the guard rejects it.
 */
internal class PublicApi(private val classesDir: File) {

    class Entry(val owner: String, val line: String, val javaFacing: Boolean)

    fun entries(): List<Entry> = classNames().mapNotNull { load(it) }.filter { isApiClass(it) }.flatMap { describe(it) }

    fun dump(): String = entries()
        .groupBy { it.owner }
        .toSortedMap()
        .entries
        .joinToString("\n") { (_, lines) ->
            val header = lines.first { it.line.startsWith("class ") || it.line.contains(" class ") || it.line.contains("interface ") ||
                it.line.contains(" enum ") || it.line.contains(" annotation ") }
            (listOf(header.line) + lines.filter { it !== header }.map { "  " + it.line }.sorted()).joinToString("\n")
        } + "\n"

    private fun classNames(): List<String> = classesDir.walkTopDown()
        .filter { it.isFile && it.name.endsWith(".class") && it.name != "module-info.class" }
        .map { it.relativeTo(classesDir).path.removeSuffix(".class").replace(File.separatorChar, '.') }
        .filter { !it.startsWith("dev.sluice.internal.") && !it.startsWith("META-INF") }
        .sorted()
        .toList()

    private fun load(name: String): Class<*>? = try {
        Class.forName(name, false, javaClass.classLoader)
    } catch (e: LinkageError) {
        null
    }

    private fun isApiClass(c: Class<*>): Boolean {
        if (c.isSynthetic || c.isAnonymousClass || c.isLocalClass) return false
        var k: Class<*>? = c
        while (k != null) {
            if (!Modifier.isPublic(k.modifiers) && !Modifier.isProtected(k.modifiers)) return false
            if (kotlinVisibility(k) != null && kotlinVisibility(k) != KVisibility.PUBLIC && kotlinVisibility(k) != KVisibility.PROTECTED) return false
            k = k.declaringClass
        }
        return true
    }

    private fun isKotlin(c: Class<*>) = c.isAnnotationPresent(Metadata::class.java)

    private fun kotlinVisibility(c: Class<*>): KVisibility? {
        if (!isKotlin(c) || c.getAnnotation(Metadata::class.java).kind != 1) return null
        return try {
            c.kotlin.visibility
        } catch (e: UnsupportedOperationException) {
            null
        } catch (e: Error) {
            null
        }
    }

    fun describe(c: Class<*>): List<Entry> {
        val owner = c.name
        val kotlinOnly = isStaticOnlyCompanion(c)
        val out = ArrayList<Entry>()
        out += if (kotlinOnly) Entry(owner, KOTLIN_ONLY + classHeader(c), false) else Entry(owner, classHeader(c), true)
        c.declaredConstructors.filter { visible(it) && !hiddenKotlin(it) && !defaultsStub(it) }.forEach { out += memberEntry(owner, it, kotlinOnly) }
        apiMethods(c).forEach { out += memberEntry(owner, it, kotlinOnly) }
        c.declaredFields.filter { visible(it) }.forEach { out += memberEntry(owner, it, kotlinOnly || isCompanionField(c, it)) }
        return out
    }

    private fun apiMethods(c: Class<*>): List<Method> =
        c.declaredMethods.filter { visible(it) && !it.isBridge && !hiddenKotlin(it) && !defaultsStub(it) }

    /**
     * A Kotlin companion whose every public function has a public static twin (`@JvmStatic`) in
     * the outer class, and which extends nothing: Java callers never need to name it.
     */
    fun isStaticOnlyCompanion(c: Class<*>): Boolean {
        val outer = c.declaringClass ?: return false
        val companion = try {
            isKotlin(c) && c.kotlin.isCompanion
        } catch (e: UnsupportedOperationException) {
            false
        } catch (e: Error) {
            false
        }
        if (!companion || c.superclass != Any::class.java || c.interfaces.isNotEmpty()) return false
        return apiMethods(c).filter { !it.isSynthetic }.all { m ->
            outer.declaredMethods.any { twin ->
                twin.name == m.name && Modifier.isStatic(twin.modifiers) && visible(twin) &&
                    twin.parameterTypes.contentEquals(m.parameterTypes) && twin.returnType == m.returnType
            }
        }
    }

    /** The static field holding [owner]'s companion instance, when that companion is static-only. */
    private fun isCompanionField(owner: Class<*>, f: Field): Boolean =
        Modifier.isStatic(f.modifiers) && f.type.declaringClass == owner && isStaticOnlyCompanion(f.type)

    private fun classHeader(c: Class<*>): String {
        val kind = when {
            c.isAnnotation -> "annotation"
            c.isInterface -> "interface"
            c.isEnum -> "enum"
            else -> "class"
        }
        val mods = Modifier.toString(c.modifiers and (Modifier.PUBLIC or Modifier.PROTECTED or Modifier.ABSTRACT or Modifier.FINAL or Modifier.STATIC))
            .replace("abstract interface", "interface").replace("abstract ", if (c.isInterface) "" else "abstract ")
        val generics = if (c.typeParameters.isEmpty()) "" else c.typeParameters.joinToString(", ", "<", ">") { it.name }
        val supers = (listOfNotNull(c.genericSuperclass?.typeName?.takeIf { it != "java.lang.Object" && !c.isEnum }) +
            c.genericInterfaces.map { it.typeName }).joinToString(", ")
        return listOf(mods.replace("interface", "").trim(), kind, c.name + generics, if (supers.isEmpty()) "" else ": $supers")
            .filter { it.isNotEmpty() }.joinToString(" ")
    }

    /** The synthetic helpers Kotlin generates for default arguments: compiler artifacts, not API. */
    private fun defaultsStub(e: Executable): Boolean = e.isSynthetic &&
        (e.name.endsWith("\$default") || e.parameterTypes.any { it.name == "kotlin.jvm.internal.DefaultConstructorMarker" })

    private fun visible(m: Member): Boolean = Modifier.isPublic(m.modifiers) || Modifier.isProtected(m.modifiers)

    /** Kotlin `internal` (or private-in-file) members that bytecode shows as public. */
    private fun hiddenKotlin(e: Executable): Boolean {
        if (!isKotlin(e.declaringClass)) return false
        // Internal names mangled with the module name stay out, also when @JvmSynthetic hides them.
        if (e is Method && INTERNAL_NAME.containsMatchIn(e.name)) return true
        if (e.isSynthetic) return false
        // Mangled internal names; a constructor's name is its (possibly nested, `$`) class name.
        if (e is Method && e.name.contains('$') && !e.name.contains("\$default")) return true
        val v = try {
            when (e) {
                is Method -> e.kotlinFunction?.visibility
                is Constructor<*> -> e.kotlinFunction?.visibility
                else -> null
            }
        } catch (t: Throwable) {
            null
        }
        return v == KVisibility.INTERNAL || v == KVisibility.PRIVATE
    }

    private fun memberEntry(owner: String, m: Member, kotlinOnly: Boolean): Entry {
        val synthetic = m.isSynthetic
        val text = when (m) {
            is Method -> m.toGenericString()
            is Constructor<*> -> m.toGenericString().replace(m.declaringClass.name + "(", "<init>(")
            is Field -> m.toGenericString()
            else -> m.toString()
        }.replace(owner + ".", "")
        val marker = if (synthetic) "synthetic " else if (kotlinOnly) KOTLIN_ONLY else ""
        return Entry(owner, marker + text, !synthetic && !kotlinOnly)
    }

    private companion object {
        /** Marks the lines of a static-only companion (see the class doc). */
        const val KOTLIN_ONLY = "kotlin-only "
    }
}

/** `name$sluice` / `name$sluice_testkit`: a Kotlin `internal` member of the lib or testkit module. */
private val INTERNAL_NAME = Regex("\\\$sluice(_testkit)?(\\\$|\$)")
