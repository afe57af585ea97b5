package dev.sluice.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A line server on 127.0.0.1 (port 0) that counts what the views do to it: connections open right
 * now, connections accepted, bytes its writes got accepted by the kernel.
 *
 * <p>Raw protocol: the client sends one line {@code "<count> <size> <end>\n"}; the server answers with
 * {@code count} element lines ({@code count < 0}: until the client goes away), each the element's
 * index padded with dots to {@code size} bytes including the {@code \n}, then {@code END\n} if
 * {@code end} is 1, then waits for the client to close. A connection counts as open from accept
 * until the server has seen the client close it (end of input, or a failed write). An HTTP/1.1
 * flavour serves the same elements to a real HTTP client: see {@link #httpUrl}.
 */
public final class LoopbackServer implements AutoCloseable {
    private static final int CLIENT_CLOSE_WAIT_MILLIS = 60_000;
    private static final int WRITE_SIZE = 8192;

    private final ServerSocket server;
    private final ExecutorService handlers;
    private final Thread acceptor;
    private final int sendBuffer;
    private final CountDownLatch gate;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong bytesWritten = new AtomicLong();

    /** A server with default socket buffers and a handler thread per connection. */
    public LoopbackServer() throws IOException {
        this(0, 0, null);
    }

    /**
     * @param sendBuffer SO_SNDBUF of accepted sockets (0: system default)
     * @param gateConnections the server writes nothing until this many connections were accepted
     *     (0: no gate); waits at most a minute
     * @param handlerPool runs one task per connection (null: a cached pool of daemon threads)
     */
    public LoopbackServer(int sendBuffer, int gateConnections, ExecutorService handlerPool) throws IOException {
        this.sendBuffer = sendBuffer;
        this.gate = gateConnections > 0 ? new CountDownLatch(gateConnections) : null;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        this.handlers = handlerPool != null ? handlerPool : Executors.newCachedThreadPool(daemonThreads());
        this.acceptor = new Thread(this::acceptLoop, "loopback-server-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted and not yet seen closed by their client. */
    public int openConnections() {
        return open.get();
    }

    public int acceptedConnections() {
        return accepted.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.incrementAndGet();
            accepted.incrementAndGet();
            sockets.add(socket);
            if (gate != null) gate.countDown();
            try {
                handlers.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                forget(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try {
            if (sendBuffer > 0) socket.setSendBufferSize(sendBuffer);
            socket.setSoTimeout(CLIENT_CLOSE_WAIT_MILLIS);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String first = readLine(in);
            boolean http = first.startsWith("GET ");
            String[] request = http ? httpRequest(first, in) : first.split(" ");
            long count = Long.parseLong(request[0]);
            int size = Integer.parseInt(request[1]);
            boolean end = request[2].equals("1");
            if (gate != null && !gate.await(60, TimeUnit.SECONDS)) return;
            if (http) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            // Elements go out in writes of about 8 KiB; bytesWritten counts a write once the
            // kernel took it (a blocked write means the client is not reading).
            java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream(WRITE_SIZE + size);
            for (long i = 0; count < 0 || i < count; i++) {
                chunk.write(element(i, size));
                if (chunk.size() >= WRITE_SIZE) send(chunk, out);
            }
            send(chunk, out);
            if (http && end) {
                socket.shutdownOutput(); // the body ends here (Connection: close, no length)
            } else if (end) {
                out.write("END\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            while (in.read() >= 0) {
                // the client sends nothing more: wait for its close
            }
        } catch (IOException | RuntimeException e) {
            // the client closed (reset, broken pipe) or the server is closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            forget(socket);
        }
    }

    private void send(java.io.ByteArrayOutputStream chunk, OutputStream out) throws IOException {
        if (chunk.size() == 0) return;
        chunk.writeTo(out);
        bytesWritten.addAndGet(chunk.size());
        chunk.reset();
    }

    private void forget(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (sockets.remove(socket)) open.decrementAndGet();
    }

    static byte[] element(long index, int size) {
        String digits = Long.toString(index);
        int length = Math.max(size, digits.length() + 1);
        byte[] line = new byte[length];
        java.util.Arrays.fill(line, (byte) '.');
        byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, line, 0, d.length);
        line[length - 1] = '\n';
        return line;
    }

    /**
     * HTTP/1.1 flavour, for the real client: {@code GET /lines/<count>/<size>/<end> HTTP/1.1} and
     * headers; the response is close-delimited ({@code Connection: close}), its body the element
     * lines, its end a half-close; the connection counts as open until the client closes it.
     */
    private static String[] httpRequest(String requestLine, InputStream in) throws IOException {
        while (!readLine(in).replace("\r", "").isEmpty()) {
            // skip the headers
        }
        String[] parts = requestLine.split(" ")[1].split("/");
        if (parts.length != 5 || !parts[1].equals("lines")) throw new SocketException("unknown path " + requestLine);
        return new String[] {parts[2], parts[3], parts[4]};
    }

    /**
     * The URL of an HTTP stream of {@code count} elements (negative: endless) of {@code size}
     * bytes; with {@code end}, the body ends after them, without, the server stalls there.
     */
    public String httpUrl(long count, int size, boolean end) {
        return "http://127.0.0.1:" + port() + "/lines/" + count + "/" + size + "/" + (end ? 1 : 0);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new SocketException("client closed before its request line");
            line.append((char) b);
        }
        return line.toString();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "loopback-server-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops accepting, closes every connection and waits (bounded) for the handler threads. */
    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) forget(socket);
        acceptor.join(10_000);
        handlers.shutdownNow();
        handlers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
