package dev.sluice.samples.views;

import dev.sluice.sse.ServerSentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;

/** Java: the Flow.Publisher view with real demand, on an executor of our choice. */
public final class PublisherSample {
    private PublisherSample() {}

    /** Requests one event at a time; returns the data of every event. */
    public static List<String> readOneByOne() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        SampleStreams.tokens().publisher(executor).subscribe(new Flow.Subscriber<ServerSentEvent>() {
            private final List<String> data = new ArrayList<>();
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1); // nothing more is read until we ask
            }

            @Override
            public void onNext(ServerSentEvent event) { // on the executor's thread
                data.add(event.getData());
                subscription.request(1);
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                result.complete(data);
            }
        });
        try {
            return result.join();
        } finally {
            executor.shutdown();
        }
    }

    public static void main(String[] args) {
        readOneByOne().forEach(System.out::println);
    }
}
