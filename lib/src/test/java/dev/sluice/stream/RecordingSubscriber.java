package dev.sluice.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A subscriber that records what it receives and on which threads; requests only when told. */
class RecordingSubscriber<T> implements Flow.Subscriber<T> {
    final List<T> items = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final AtomicInteger completions = new AtomicInteger();
    final AtomicInteger concurrent = new AtomicInteger();
    volatile boolean overlapped;
    final CountDownLatch subscribed = new CountDownLatch(1);
    final CountDownLatch terminated = new CountDownLatch(1);
    volatile Flow.Subscription subscription;
    private final CountDownLatch[] itemLatches;

    RecordingSubscriber() {
        this(16);
    }

    /** {@code watch}: {@link #awaitItems} can wait for up to this many items. */
    RecordingSubscriber(int watch) {
        itemLatches = new CountDownLatch[watch + 1];
        for (int i = 0; i <= watch; i++) itemLatches[i] = new CountDownLatch(i);
    }

    private void enter() {
        if (concurrent.incrementAndGet() != 1) overlapped = true;
        threads.add(Thread.currentThread().getName());
    }

    private void exit() {
        concurrent.decrementAndGet();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        enter();
        subscription = s;
        subscribed.countDown();
        exit();
    }

    @Override
    public void onNext(T item) {
        enter();
        items.add(item);
        for (CountDownLatch l : itemLatches) l.countDown();
        exit();
    }

    @Override
    public void onError(Throwable t) {
        enter();
        errors.add(t);
        terminated.countDown();
        exit();
    }

    @Override
    public void onComplete() {
        enter();
        completions.incrementAndGet();
        terminated.countDown();
        exit();
    }

    void request(long n) throws InterruptedException {
        if (!subscribed.await(10, TimeUnit.SECONDS)) throw new AssertionError("no onSubscribe");
        subscription.request(n);
    }

    void awaitItems(int n) throws InterruptedException {
        if (!itemLatches[n].await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("expected " + n + " items, got " + items.size() + " " + errors);
        }
    }

    void awaitTermination() throws InterruptedException {
        if (!terminated.await(10, TimeUnit.SECONDS)) throw new AssertionError("no terminal signal");
    }
}
