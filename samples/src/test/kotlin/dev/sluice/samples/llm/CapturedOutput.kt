package dev.sluice.samples.llm

import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** What [main] printed on standard output (UTF-8), with System.out restored afterwards. */
fun captured(main: () -> Unit): String {
    val original = System.out
    val buffer = ByteArrayOutputStream()
    System.setOut(PrintStream(buffer, true, "UTF-8"))
    try {
        main()
    } finally {
        System.setOut(original)
    }
    return buffer.toString("UTF-8")
}
