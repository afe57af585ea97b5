package dev.sluice.stream;

import dev.sluice.testing.Exchange;
import dev.sluice.testing.RawServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The element-line stream of the view tests, served by {@link RawServer} (which counts the
 * connections: open right now, accepted); this class adds the protocol and counts the bytes its
 * writes got accepted by the kernel.
 *
 * <p>Raw protocol (the client is {@link LoopbackFlows}): the client sends one line
 * {@code "<count> <size> <end>\n"}; the server answers with {@code count} element lines
 * ({@code count < 0}: until the client goes away), each the element's index padded with dots to
 * {@code size} bytes including the {@code \n}, then {@code END\n} if {@code end} is 1, then waits
 * for the client to close. A connection counts as open until the server has seen the client close
 * it (end of input, or a failed write). The HTTP/1.1 flavour serves the same elements to the real
 * HTTP client: see {@link #httpUrl}.
 */
public final class LineServer implements AutoCloseable {
    private static final int CLIENT_CLOSE_WAIT_MILLIS = 60_000;
    private static final int WRITE_SIZE = 8192;

    private final RawServer server;
    private final int gateConnections;
    private final AtomicLong bytesWritten = new AtomicLong();

    /** A server with default socket buffers and a thread per connection. */
    public LineServer() {
        this(0, 0, null);
    }

    /**
     * @param sendBuffer SO_SNDBUF of accepted sockets (0: system default)
     * @param gateConnections the server writes nothing until this many connections were accepted
     *     (0: no gate); waits at most a minute
     * @param handlerPool runs one task per connection (null: a thread per connection)
     */
    public LineServer(int sendBuffer, int gateConnections, ExecutorService handlerPool) {
        this.gateConnections = gateConnections;
        this.server = new RawServer(sendBuffer, handlerPool, CLIENT_CLOSE_WAIT_MILLIS, this::serve);
    }

    public int port() {
        return server.getPort();
    }

    /** Connections accepted and not yet seen closed by their client. */
    public int openConnections() {
        return server.getOpenConnections();
    }

    public int acceptedConnections() {
        return server.getAcceptedConnections();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    private void serve(Exchange exchange) throws IOException {
        String[] request = exchange.getRequest().isHttp() ? httpRequest(exchange.getPath()) : exchange.getRequest().getLine().split(" ");
        long count = Long.parseLong(request[0]);
        int size = Integer.parseInt(request[1]);
        boolean end = request[2].equals("1");
        if (gateConnections > 0 && !server.awaitAccepted(gateConnections, 60_000)) return;
        OutputStream out = exchange.getOutput();
        if (exchange.getRequest().isHttp()) {
            exchange.writeRaw("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n");
        }
        // Elements go out in writes of about 8 KiB; bytesWritten counts a write once the kernel
        // took it (a blocked write means the client is not reading).
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(WRITE_SIZE + size);
        for (long i = 0; count < 0 || i < count; i++) {
            chunk.write(element(i, size));
            if (chunk.size() >= WRITE_SIZE) send(chunk, out);
        }
        send(chunk, out);
        if (exchange.getRequest().isHttp() && end) {
            exchange.getSocket().shutdownOutput(); // the body ends here (Connection: close, no length)
        } else if (end) {
            out.write("END\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        exchange.awaitClientClose(CLIENT_CLOSE_WAIT_MILLIS);
    }

    private void send(ByteArrayOutputStream chunk, OutputStream out) throws IOException {
        if (chunk.size() == 0) return;
        chunk.writeTo(out);
        bytesWritten.addAndGet(chunk.size());
        chunk.reset();
    }

    static byte[] element(long index, int size) {
        String digits = Long.toString(index);
        int length = Math.max(size, digits.length() + 1);
        byte[] line = new byte[length];
        Arrays.fill(line, (byte) '.');
        byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, line, 0, d.length);
        line[length - 1] = '\n';
        return line;
    }

    /** {@code /lines/<count>/<size>/<end>} to its three parts. */
    private static String[] httpRequest(String path) throws SocketException {
        String[] parts = path.split("/");
        if (parts.length != 5 || !parts[1].equals("lines")) throw new SocketException("unknown path " + path);
        return new String[] {parts[2], parts[3], parts[4]};
    }

    /**
     * The URL of an HTTP stream of {@code count} elements (negative: endless) of {@code size}
     * bytes; with {@code end}, the body ends after them, without, the server stalls there.
     */
    public String httpUrl(long count, int size, boolean end) {
        return server.getUrl() + "/lines/" + count + "/" + size + "/" + (end ? 1 : 0);
    }

    /** Stops accepting, closes every connection and waits (bounded) for the connection threads. */
    @Override
    public void close() {
        server.close();
    }
}
