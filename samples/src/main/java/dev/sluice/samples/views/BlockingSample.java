package dev.sluice.samples.views;

import dev.sluice.sse.ServerSentEvent;
import dev.sluice.stream.BlockingStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Java: the blocking iterator and java.util.stream.Stream views; closing them closes the run. */
public final class BlockingSample {
    private BlockingSample() {}

    public static List<String> iterate() {
        List<String> data = new ArrayList<>();
        // snippet:begin blocking-iterate
        try (BlockingStream<ServerSentEvent> events = SampleStreams.tokens().blocking()) {
            while (events.hasNext()) data.add(events.next().getData());
        }
        // snippet:end
        return data;
    }

    /** The first two events through a Stream; closing it stops reading the rest. */
    public static List<String> firstTwo() {
        try (Stream<ServerSentEvent> events = SampleStreams.tokens().blocking().stream()) {
            return events.limit(2).map(ServerSentEvent::getData).collect(Collectors.toList());
        }
    }

    public static void main(String[] args) {
        iterate().forEach(System.out::println);
        System.out.println(firstTwo());
    }
}
