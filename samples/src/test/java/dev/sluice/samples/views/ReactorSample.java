package dev.sluice.samples.views;

import dev.sluice.sse.ServerSentEvent;
import java.util.List;
import org.reactivestreams.FlowAdapters;
import reactor.core.publisher.Flux;

/**
 * Java: the publisher view in Project Reactor, adapted by {@code org.reactivestreams.FlowAdapters}
 * (java.util.concurrent.Flow to org.reactivestreams). Reactor's demand reaches the stream:
 * {@code take(2)} requests no more and cancels, which closes an HTTP connection.
 */
public final class ReactorSample {
    private ReactorSample() {}

    public static List<String> firstTwoUpperCase() {
        // snippet:begin reactor
        List<String> firstTwo = Flux.from(FlowAdapters.toPublisher(SampleStreams.tokens().publisher())) // real demand
                .map(ServerSentEvent::getData)
                .map(String::toUpperCase)
                .take(2)
                .collectList()
                .block();
        // snippet:end
        return firstTwo;
    }

    public static void main(String[] args) {
        firstTwoUpperCase().forEach(System.out::println);
    }
}
