package dev.sluice.stream;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Bounded waits and leak checks shared by the view tests. */
public final class ViewTesting {
    /** kotlinx.coroutines' shared pools: bounded (Dispatchers.IO: 64 + Default: cores), idle threads linger a while. */
    private static final String SHARED_POOL = "DefaultDispatcher-worker-";

    private ViewTesting() {}

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    public static void awaitUntil(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("not within " + timeout + ": " + what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for: " + what);
            }
        }
    }

    /**
     * Proves that {@code value} does NOT reach {@code bound}: fails as soon as it does, and otherwise
     * watches it for {@code window}, or less once it stopped changing for {@code quiet}; returns the
     * last value seen. A "no signal" check like the TCK's: the window is an observation, not a
     * timeout, and must be several times what a broken flow needs to pass the bound (a client
     * without backpressure pulls megabytes over loopback in milliseconds).
     */
    public static long assertStaysBelow(long bound, Duration quiet, Duration window, java.util.function.LongSupplier value)
            throws InterruptedException {
        return assertStaysBelow(bound, quiet, 0, window, value);
    }

    /**
     * As {@link #assertStaysBelow(long, Duration, Duration, java.util.function.LongSupplier)}, for
     * flows that stop (backpressure) but may still creep on slowly, as TCP does when the kernel grows
     * a full receive buffer: the watch ends sooner once {@code value} grew by at most {@code creep}
     * in {@code quiet}. What matters is the bound: a flow without backpressure grows by megabytes
     * in that time.
     */
    public static long assertStaysBelow(long bound, Duration quiet, long creep, Duration window, java.util.function.LongSupplier value)
            throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        long last = value.getAsLong();
        long since = last;
        long sinceNanos = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (last >= bound) fail("value reached " + last + ", bound " + bound);
            Thread.sleep(20);
            last = value.getAsLong();
            if (last - since > creep) {
                since = last;
                sinceNanos = System.nanoTime();
            } else if (System.nanoTime() - sinceNanos >= quiet.toNanos()) {
                break;
            }
        }
        if (last >= bound) fail("value reached " + last + ", bound " + bound);
        return last;
    }

    public static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet();
    }

    /**
     * Asserts, waiting at most {@code timeout}, that no thread started since {@code before} is left
     * except idle workers of kotlinx.coroutines' bounded shared pool, and that no thread but the
     * caller is running code of the views or of the test flows.
     */
    public static void assertNoThreadLeftBehind(Set<Thread> before, Duration timeout) {
        assertNoThreadLeftBehind(before, t -> false, timeout);
    }

    /** As above; threads matching {@code mayStay} count as known (e.g. an HTTP client's pool). */
    public static void assertNoThreadLeftBehind(Set<Thread> before, java.util.function.Predicate<Thread> mayStay, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> problems = threadProblems(before, mayStay);
        while (!problems.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            problems = threadProblems(before, mayStay);
        }
        if (!problems.isEmpty()) fail("threads left behind:\n" + String.join("\n", problems));
    }

    private static List<String> threadProblems(Set<Thread> before, java.util.function.Predicate<Thread> mayStay) {
        List<String> problems = new ArrayList<>();
        Thread self = Thread.currentThread();
        int sharedWorkers = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (t == self || !t.isAlive()) continue;
            boolean shared = t.getName().startsWith(SHARED_POOL);
            if (shared) sharedWorkers++;
            if (!before.contains(t) && !shared && !mayStay.test(t) && !t.getName().startsWith("kotlinx.coroutines.DefaultExecutor")
                    && !t.getName().startsWith(LoopbackFlows.IO_THREAD_PREFIX)
                    && !t.getName().startsWith("junit-")) {
                problems.add("new thread " + t.getName() + " (" + t.getState() + ")");
            }
            String busy = java.util.Arrays.stream(e.getValue())
                    .map(StackTraceElement::getClassName)
                    .filter(c -> c.startsWith("dev.sluice.internal.stream") || c.startsWith("dev.sluice.stream.LoopbackFlows"))
                    .collect(Collectors.joining(", "));
            if (!busy.isEmpty()) problems.add("thread " + t.getName() + " still runs " + busy);
        }
        // The shared pool is bounded per view of it (Dispatchers.IO: 64; Ktor adds views of its
        // own); idle workers linger a minute. Far fewer than one thread per stream, though: a
        // view that parked a thread per stream would show up here as hundreds.
        long sharedBefore = before.stream().filter(t -> t.isAlive() && t.getName().startsWith(SHARED_POOL)).count();
        long bound = sharedBefore + 128 + Runtime.getRuntime().availableProcessors();
        if (sharedWorkers > bound) problems.add(sharedWorkers + " shared pool workers, more than " + bound);
        return problems;
    }

    /** A loopback port that refuses connections (a server socket bound then closed). */
    public static int closedPort() {
        return dev.sluice.testing.RawServer.closedPort();
    }
}
