package dev.sluice.samples

import java.io.File
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * README.md cannot drift from code that compiles: every fenced `kotlin` or `java` block is
 * preceded by `<!-- snippet: name[, name...] -->` and equals, line for line, the regions of those
 * names in the samples (`// snippet:begin name` ... `// snippet:end`, dedented), joined.
 *
 * After changing a sample, rewrite the README's blocks from the regions with
 * `./mvnw -pl samples -am test -Dtest=ReadmeSnippetsTest -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.snippets.update=true`.
 */
class ReadmeSnippetsTest {
    private val root: File = generateSequence(File("").absoluteFile) { it.parentFile }
        .first { File(it, "README.md").isFile && File(it, "samples").isDirectory }
    private val readme = File(root, "README.md")

    @Test
    fun everyCodeBlockIsASnippetOfACompiledSample() {
        val regions = Snippets.regions(listOf(File(root, "samples/src/main"), File(root, "samples/src/test")))
        val lines = readme.readLines()
        val out = ArrayList<String>()
        val problems = ArrayList<String>()
        var checked = 0
        var i = 0
        while (i < lines.size) {
            val line = lines[i]
            val language = line.removePrefix("```").trim()
            if (!line.startsWith("```") || language !in CHECKED_LANGUAGES) {
                out += line
                i++
                continue
            }
            val end = (i + 1 until lines.size).firstOrNull { lines[it].startsWith("```") }
                ?: fail("README.md:${i + 1}: unterminated code block")
            val names = out.lastOrNull { it.isNotBlank() }?.let(Snippets::namesIn)
            val block = lines.subList(i + 1, end)
            if (names == null) {
                problems += "README.md:${i + 1}: the $language block has no <!-- snippet: name --> line before it"
                out += lines.subList(i, end + 1)
            } else {
                val missing = names.filter { it !in regions }
                val expected = names.filter { it in regions }.flatMap { regions.getValue(it) }
                if (missing.isNotEmpty()) problems += "README.md:${i + 1}: no sample region named $missing"
                if (missing.isEmpty() && expected != block) {
                    problems += "README.md:${i + 1}: block differs from sample region(s) $names:\n" +
                        Snippets.firstDifference(expected, block)
                }
                out += line
                out += if (missing.isEmpty()) expected else block
                out += lines[end]
                checked++
            }
            i = end + 1
        }
        if (System.getProperty("sluice.snippets.update") == "true") {
            readme.writeText(out.joinToString("\n", postfix = "\n"))
            problems.removeAll { it.contains("differs from") }
        }
        assertTrue(checked > 0, "README.md has no snippet blocks")
        assertTrue(problems.isEmpty(), problems.joinToString("\n\n"))
    }

    @Test
    fun regionsAreDedentedAndNested() {
        val dir = createTempDirectory()
        try {
            File(dir, "A.kt").writeText(
                """
                fun main() {
                    // snippet:begin outer
                    val a = 1
                    // snippet:begin inner
                    if (a > 0) {
                        println(a)
                    }
                    // snippet:end
                    // snippet:end
                }
                """.trimIndent(),
            )
            val regions = Snippets.regions(listOf(dir))
            assertEquals(listOf("val a = 1", "if (a > 0) {", "    println(a)", "}"), regions["outer"])
            assertEquals(listOf("if (a > 0) {", "    println(a)", "}"), regions["inner"])
            assertEquals(listOf("a", "b"), Snippets.namesIn("<!-- snippet: a, b -->"))
            assertEquals(null, Snippets.namesIn("Some text"))
        } finally {
            dir.deleteRecursively()
        }
    }

    private fun createTempDirectory(): File = kotlin.io.path.createTempDirectory("snippets").toFile()

    private companion object {
        val CHECKED_LANGUAGES = setOf("kotlin", "java")
    }
}

/** Named regions of source files and the README's references to them. */
internal object Snippets {
    private val BEGIN = Regex("""^\s*// snippet:begin (\S+)\s*$""")
    private val END = Regex("""^\s*// snippet:end\s*$""")
    private val REFERENCE = Regex("""^<!-- snippet: ([\w.,\s-]+) -->$""")

    fun namesIn(line: String): List<String>? =
        REFERENCE.matchEntire(line.trim())?.groupValues?.get(1)?.split(',')?.map { it.trim() }?.filter { it.isNotEmpty() }

    /** Every region under [dirs], by name, its lines dedented by their common indent. */
    fun regions(dirs: List<File>): Map<String, List<String>> {
        val found = HashMap<String, List<String>>()
        dirs.filter { it.isDirectory }.flatMap { d -> d.walkTopDown().filter { it.isFile && (it.extension == "kt" || it.extension == "java") } }
            .forEach { file ->
                val open = ArrayDeque<Pair<String, Int>>()
                val lines = file.readLines()
                lines.forEachIndexed { index, line ->
                    val begin = BEGIN.matchEntire(line)
                    if (begin != null) {
                        open.addLast(begin.groupValues[1] to index + 1)
                    } else if (END.matches(line)) {
                        val (name, from) = open.removeLastOrNull() ?: error("$file:${index + 1}: snippet:end without begin")
                        check(name !in found) { "$file: snippet region '$name' defined twice" }
                        found[name] = dedent(lines.subList(from, index).filterNot { BEGIN.matches(it) || END.matches(it) })
                    }
                }
                check(open.isEmpty()) { "$file: snippet region '${open.last().first}' is never closed" }
            }
        return found
    }

    private fun dedent(lines: List<String>): List<String> {
        val indent = lines.filter { it.isNotBlank() }.minOfOrNull { it.length - it.trimStart().length } ?: 0
        return lines.map { if (it.isBlank()) "" else it.substring(indent).trimEnd() }
    }

    fun firstDifference(expected: List<String>, actual: List<String>): String {
        val at = (0 until maxOf(expected.size, actual.size)).first { expected.getOrNull(it) != actual.getOrNull(it) }
        return "  line ${at + 1} of the block\n  sample: ${expected.getOrNull(at) ?: "<end>"}\n  README: ${actual.getOrNull(at) ?: "<end>"}"
    }
}
