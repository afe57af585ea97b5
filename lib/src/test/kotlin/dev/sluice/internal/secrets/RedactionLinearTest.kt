package dev.sluice.internal.secrets

import dev.sluice.redactText
import org.junit.jupiter.api.Timeout
import java.util.Random
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertEquals

/**
 * The URL and `name=value` patterns of [Redaction] match only from the start of a run of their
 * characters, so a long run costs linear time. They must find exactly what the plain patterns
 * (tried from every position) find.
 */
class RedactionLinearTest {
    private val plainUrl = Regex("""[A-Za-z][A-Za-z0-9+.\-]*://[^\s"'<>`,\[\](){}|\\^]+""")
    private val plainNameValue = Regex("""([A-Za-z0-9_.\-]+)=([^\s&"'<>,;\[\](){}]*)""")
    private val pieces = listOf("a", "Z", "1", "9", ".", "-", "+", "_", ":", "/", "://", "=", " ", "\"", "&", "?", "@", "x", "key", "https://", "api_key=", "(", ",")

    private fun randomText(random: Random): String = buildString {
        repeat(random.nextInt(40)) { append(pieces[random.nextInt(pieces.size)]) }
    }

    /** Over random texts, [plain]'s matches and [linear]'s, each as a list of comparable findings. */
    private fun assertSameMatches(seed: Long, plain: (String) -> List<Any>, linear: (String) -> List<Any>) {
        val random = Random(seed)
        repeat(20_000) {
            val text = randomText(random)
            assertEquals(plain(text), linear(text), text)
        }
    }

    @Test
    fun urlsAreFoundWhereThePlainPatternFindsThem() = assertSameMatches(
        11,
        { text -> plainUrl.findAll(text).map { it.range to it.value }.toList() },
        { text -> Redaction.URL_IN_TEXT.findAll(text).map { m -> m.groups[1]!!.range to m.groupValues[1] }.toList() },
    )

    @Test
    fun nameValuePairsAreFoundWhereThePlainPatternFindsThem() = assertSameMatches(
        12,
        { text -> plainNameValue.findAll(text).map { it.range to it.groupValues }.toList() },
        { text -> Redaction.NAME_VALUE.findAll(text).map { it.range to it.groupValues }.toList() },
    )

    @Test
    // Quadratic, such a run took hours; linear, milliseconds. A separate thread, so a regression fails here.
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    fun longRunsWithoutSchemeOrEqualsSignAreScannedOnce() {
        for (run in listOf("x".repeat(1 shl 20), "x1".repeat(1 shl 19), "a.b-".repeat(1 shl 18))) {
            val text = "$run end https://h/p?key=s3cret $run name"
            val redacted = redactText(text)
            assertEquals("$run end https://h/p?key=[redacted] $run name", redacted)
        }
    }
}
