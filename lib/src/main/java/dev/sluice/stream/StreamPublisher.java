package dev.sluice.stream;

import dev.sluice.internal.stream.FlowPublishers;
import dev.sluice.internal.stream.NeedsAndroidApi30;
import java.util.Objects;
import java.util.concurrent.Flow;
import kotlin.coroutines.CoroutineContext;

/**
 * The {@link Flow.Publisher} view of a {@link SluiceStream}, compliant with the Reactive Streams
 * specification (checked by its TCK). Needs Android API 30 ({@code java.util.concurrent.Flow}), so
 * it is left out of the library's API 24 check; every other view works on API 24.
 *
 * <p><b>Each subscription is one run of the stream</b> (for HTTP: one request), started by
 * {@link #subscribe}. It is demand-driven: after an element is delivered, the next one is read and
 * held until {@link Flow.Subscription#request(long) request(n)} allows it, so a subscriber that
 * stops requesting stops the reading one element ahead and the network applies backpressure to
 * the server (below the view, the transport keeps its own bounded buffers: the socket's, and for
 * HTTP the client's channel). An error, or the end of the stream, is signalled even without
 * demand.
 *
 * <p><b>Threads.</b> All signals ({@code onSubscribe}, {@code onNext}, {@code onError},
 * {@code onComplete}) come one at a time, never concurrently, with a happens-before edge between
 * them; {@code onSubscribe} is called asynchronously, after {@code subscribe} may have returned.
 * From {@link SluiceStream#publisher()} they are called on kotlinx.coroutines' shared
 * {@code Dispatchers.IO} pool (daemon threads named {@code DefaultDispatcher-worker-N}), at most
 * max(16, 2 x cores) runs of all such views at once: a subscriber may block briefly there but should hand long work elsewhere. To choose
 * the thread, use {@link SluiceStream#publisher(java.util.concurrent.Executor)}: for example a
 * single-thread executor for an event loop, or a virtual-thread executor on JDK 21+; the executor
 * should run tasks asynchronously (not inline in {@code execute}).
 *
 * <p><b>Cancel.</b> {@link Flow.Subscription#cancel()} cancels the run: the connection is closed
 * promptly and no further signal is sent (one {@code onNext} already in progress may finish).
 * {@code request(n)} with {@code n <= 0} cancels the run and signals
 * {@link IllegalArgumentException} through {@code onError} (rule 3.9). A subscriber that throws
 * from a signal is treated as having cancelled (rule 2.13); its exception goes to the thread's
 * uncaught-exception handler.
 */
@NeedsAndroidApi30
public final class StreamPublisher<T> implements Flow.Publisher<T> {
    private final kotlinx.coroutines.flow.Flow<T> flow;
    private final CoroutineContext context;

    StreamPublisher(kotlinx.coroutines.flow.Flow<T> flow, CoroutineContext context) {
        this.flow = flow;
        this.context = context;
    }

    /**
     * Starts one run of the stream for {@code subscriber}.
     *
     * @throws NullPointerException if {@code subscriber} is null (rule 1.9)
     */
    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        FlowPublishers.subscribeFlow(flow, subscriber, context);
    }
}
