package dev.sluice.testing

import java.io.File
import java.nio.file.Files
import java.security.KeyStore
import java.util.concurrent.TimeUnit
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made at test time by the running JDK's
 * `keytool` into a temporary PKCS12 key store (deleted at once): [serverContext] serves with it
 * (give it to [RawServer]), [trustManager] trusts it and nothing else.
 */
class SelfSignedTls private constructor(keyStore: KeyStore) {
    val serverContext: SSLContext = SSLContext.getInstance("TLS").apply {
        val keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
        keys.init(keyStore, PASSWORD)
        init(keys.keyManagers, null, null)
    }

    val trustManager: X509TrustManager = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
        .apply { init(keyStore) }
        .trustManagers.filterIsInstance<X509TrustManager>().single()

    companion object {
        private val PASSWORD = "sluice-test".toCharArray()

        /** Runs `keytool -genkeypair` (RSA 2048, SAN ip:127.0.0.1 and dns:localhost); bounded to 30 s. */
        @JvmStatic
        fun generate(): SelfSignedTls {
            val dir = Files.createTempDirectory("sluice-tls").toFile()
            try {
                val store = File(dir, "server.p12")
                val keytool = File(System.getProperty("java.home"), "bin/keytool").path
                val process = ProcessBuilder(
                    keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype", "PKCS12", "-keystore", store.path,
                    "-storepass", String(PASSWORD), "-keypass", String(PASSWORD),
                ).redirectErrorStream(true).start()
                val output = process.inputStream.bufferedReader().readText()
                check(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) { "keytool failed: $output" }
                val keyStore = KeyStore.getInstance("PKCS12")
                store.inputStream().use { keyStore.load(it, PASSWORD) }
                return SelfSignedTls(keyStore)
            } finally {
                dir.deleteRecursively()
            }
        }
    }
}
