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

    private fun describe(c: Class<*>): List<Entry> {
        val owner = c.name
        val out = ArrayList<Entry>()
        out += Entry(owner, classHeader(c), true)
        c.declaredConstructors.filter { visible(it) && !hiddenKotlin(it) && !defaultsStub(it) }.forEach { out += memberEntry(owner, it) }
        c.declaredMethods.filter { visible(it) && !it.isBridge && !hiddenKotlin(it) && !defaultsStub(it) }.forEach { out += memberEntry(owner, it) }
        c.declaredFields.filter { visible(it) }.forEach { out += memberEntry(owner, it) }
        return out
    }

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
        if (!isKotlin(e.declaringClass) || e.isSynthetic) return false
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

    private fun memberEntry(owner: String, m: Member): Entry {
        val synthetic = m.isSynthetic
        val text = when (m) {
            is Method -> m.toGenericString()
            is Constructor<*> -> m.toGenericString().replace(m.declaringClass.name + "(", "<init>(")
            is Field -> m.toGenericString()
            else -> m.toString()
        }.replace(owner + ".", "")
        return Entry(owner, (if (synthetic) "synthetic " else "") + text, !synthetic)
    }
}
