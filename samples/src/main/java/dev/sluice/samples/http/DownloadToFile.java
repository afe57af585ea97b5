package dev.sluice.samples.http;

import dev.sluice.http.HttpStatusException;
import dev.sluice.http.SluiceHttp;
import java.io.File;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;

/**
 * Java: writes a URL's body to a file through a {@link CompletableFuture}, with progress.
 * {@code future.cancel(true)} would stop the transfer and close the connection.
 */
public final class DownloadToFile {
    private DownloadToFile() {}

    /** Downloads {@code url} into {@code target}; returns the bytes written. */
    public static long download(String url, File target, LongConsumer percent) throws InterruptedException {
        try (SluiceHttp http = SluiceHttp.builder().connectTimeout(Duration.ofSeconds(10)).build()) {
            CompletableFuture<Long> done = http.get(url)
                .header("Accept", "application/octet-stream")
                .writeTo(target, (bytesSoFar, contentLength) -> {
                    if (contentLength > 0) percent.accept(bytesSoFar * 100 / contentLength);
                });
            try {
                return done.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof HttpStatusException) {
                    HttpStatusException status = (HttpStatusException) e.getCause();
                    throw new IllegalStateException("download refused: HTTP " + status.getStatus() + " " + status.getBodyExcerpt(), status);
                }
                throw new IllegalStateException("download failed", e.getCause());
            }
        }
    }

    /** {@code ./mvnw -pl samples exec:java -Dexec.mainClass=dev.sluice.samples.http.DownloadToFile -Dexec.args="URL FILE"} */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: DownloadToFile URL FILE");
            return;
        }
        long written = download(args[0], new File(args[1]), p -> System.err.print("\r" + p + "%"));
        System.err.println();
        System.out.println(written + " bytes written to " + args[1]);
    }
}
