package dev.sluice.samples.views;

import dev.sluice.sse.ServerSentEvent;
import dev.sluice.stream.Cancellable;
import dev.sluice.stream.StreamHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Java: callbacks, for callers who want neither reactive types nor blocking. */
public final class CallbackSample {
    private CallbackSample() {}

    public static List<String> collect() {
        List<String> data = new CopyOnWriteArrayList<>();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        Cancellable handle = SampleStreams.tokens().subscribe(new StreamHandler<ServerSentEvent>() {
            @Override
            public void onNext(ServerSentEvent event) {
                data.add(event.getData()); // throwing here would cancel and call onError once
            }

            @Override
            public void onComplete() {
                done.complete(data);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        // handle.cancel() would stop the stream (for HTTP: close the connection) at any time.
        return done.join();
    }

    public static void main(String[] args) {
        collect().forEach(System.out::println);
    }
}
