package dev.sluice.llm;

import dev.sluice.internal.llm.client.LlmRun;
import dev.sluice.stream.BlockingStream;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The blocking view of one LLM call: iterate its events as they arrive, then read the final
 * message with {@link #result()}. Close it (try-with-resources) to close the connection early.
 *
 * <pre>{@code
 * try (LlmBlockingStream events = llm.blocking(request)) {
 *     for (LlmEvent event : events) {
 *         event.accept(new LlmEventVisitor.Default<Void>(null) {
 *             public Void textDelta(LlmEvent.TextDelta e) { System.out.print(e.getText()); return null; }
 *         });
 *     }
 *     LlmResult result = events.result(); // text, tool calls, usage, metrics
 * }
 * }</pre>
 *
 * <p>It is {@link Iterable} for the for-each loop, once: {@link #iterator()} returns this stream
 * itself, and a second call throws {@link IllegalStateException}.
 *
 * <p>The request is sent at the first {@link #hasNext()} or {@link #next()}. Reading, waiting,
 * closing and errors behave as in {@link BlockingStream}: one thread iterates, {@link #close()}
 * may come from any thread, a failure ({@link LlmHttpException}, {@link LlmStreamException},
 * {@link LlmInterruptedException}...) is thrown unchecked from {@code hasNext()} / {@code next()}
 * after the events that came before it.
 */
public final class LlmBlockingStream implements Iterator<LlmEvent>, Iterable<LlmEvent>, AutoCloseable {
    private final LlmRun run;
    private final BlockingStream<LlmEvent> events;

    LlmBlockingStream(LlmRun run, int bufferSize) {
        this.run = run;
        this.events = dev.sluice.stream.SluiceStream.of(run.getEvents()).blocking(bufferSize);
    }

    /**
     * This stream, for a for-each loop; callable once.
     *
     * @throws IllegalStateException on a second call
     */
    @Override
    public Iterator<LlmEvent> iterator() {
        events.iterator(); // claims the one iteration
        return this;
    }

    /** Waits until an event is available; false at the end of the answer or once closed. */
    @Override
    public boolean hasNext() {
        return events.hasNext();
    }

    /** Waits for and returns the next event. */
    @Override
    public LlmEvent next() {
        return events.next();
    }

    /** A sequential stream over the remaining events; closing it closes this. */
    public Stream<LlmEvent> stream() {
        return events.stream();
    }

    /**
     * The final message, with its metrics, once the answer has ended normally: after iteration
     * reached the end ({@link #hasNext()} returned false), or after an early {@link #close()} when
     * the whole answer had already arrived in the buffer (nothing was lost, so it is returned).
     *
     * @throws IllegalStateException when the answer has not ended normally: before its end, when
     *     the call failed, or when it was closed before the end arrived (then {@link #snapshot()}
     *     has what arrived)
     */
    public LlmResult result() {
        LlmResult result = run.result();
        if (result == null) {
            throw new IllegalStateException(
                    "the answer has not ended normally: iterate until hasNext() returns false first, or use snapshot()");
        }
        return result;
    }

    /** The message accumulated so far: live during iteration, final at the end. Any thread. */
    public LlmResult snapshot() {
        return run.snapshot();
    }

    /** Cancels the call and closes its connection; wakes a blocked reader. Idempotent, any thread. */
    @Override
    public void close() {
        events.close();
    }
}
