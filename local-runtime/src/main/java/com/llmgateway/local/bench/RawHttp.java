package com.llmgateway.local.bench;

import javax.net.ssl.SSLSession;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The benchmark's client: blocking HTTP/1.1 over one kept-alive socket per thread and server,
 * each request written in one piece, the answer read by Content-Length or chunks. Every side of the
 * benchmark (direct, ours, Portkey) goes through it, so that what a request costs is the server's,
 * not a client's: {@link HttpClient} hands each exchange between its caller, selector and worker
 * threads, which on 2 cores shared with the servers measured as milliseconds of every figure.
 * Plain http to loopback only.
 */
final class RawHttp {

    /** A kept-alive connection idle this long is replaced before use (Portkey's Node closes one idle for 5 s). */
    private static final long MAX_IDLE_NANOS = 3_000_000_000L;

    private static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long lastUsed;

        Conn(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(35_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    private static final ThreadLocal<Map<String, Conn>> CONNS = ThreadLocal.withInitial(HashMap::new);

    private RawHttp() {
    }

    /** POSTs {@code body} with the builder's URI and headers; an I/O failure drops the connection and throws. */
    static HttpResponse<String> post(HttpRequest.Builder builder, String body) throws IOException {
        HttpRequest request = builder.copy().POST(HttpRequest.BodyPublishers.noBody()).build();
        URI uri = request.uri();
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("plain http only: " + uri);
        }
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String where = host + ":" + port;
        Map<String, Conn> conns = CONNS.get();
        Conn c = conns.get(where);
        if (c != null && System.nanoTime() - c.lastUsed > MAX_IDLE_NANOS) {
            c.close();
            conns.remove(where);
            c = null;
        }
        if (c == null) {
            c = new Conn(host, port);
            conns.put(where, c);
        }
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(512);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        head.append("POST ").append(path).append(" HTTP/1.1\r\nhost: ").append(where)
                .append("\r\ncontent-length: ").append(payload.length).append("\r\n");
        request.headers().map().forEach((name, values) -> values.forEach(v ->
                head.append(name).append(": ").append(v).append("\r\n")));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + payload.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(payload, 0, all, headBytes.length, payload.length);
        try {
            c.out.write(all);
            c.out.flush();
            Answer a = read(c.in);
            c.lastUsed = System.nanoTime();
            if (a.close) {
                c.close();
                conns.remove(where);
            }
            return a.toResponse(request);
        } catch (IOException | RuntimeException e) {
            c.close();
            conns.remove(where);
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private record Answer(int status, Map<String, List<String>> headers, String body, boolean close) {
        HttpResponse<String> toResponse(HttpRequest request) {
            HttpHeaders h = HttpHeaders.of(headers, (k, v) -> true);
            return new HttpResponse<>() {
                @Override
                public int statusCode() {
                    return status;
                }

                @Override
                public HttpRequest request() {
                    return request;
                }

                @Override
                public Optional<HttpResponse<String>> previousResponse() {
                    return Optional.empty();
                }

                @Override
                public HttpHeaders headers() {
                    return h;
                }

                @Override
                public String body() {
                    return body;
                }

                @Override
                public Optional<SSLSession> sslSession() {
                    return Optional.empty();
                }

                @Override
                public URI uri() {
                    return request.uri();
                }

                @Override
                public HttpClient.Version version() {
                    return HttpClient.Version.HTTP_1_1;
                }
            };
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line");
        }
        int code = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(l.substring(colon + 1).trim());
            }
        }
        boolean close = first(headers, "connection").equalsIgnoreCase("close") || parts[0].equals("HTTP/1.0");
        byte[] body;
        if (first(headers, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                b.write(in.readNBytes(size));
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers: none of interest
            }
            body = b.toByteArray();
        } else if (!first(headers, "content-length").isEmpty()) {
            int n = Integer.parseInt(first(headers, "content-length"));
            body = in.readNBytes(n);
            if (body.length < n) {
                throw new EOFException("connection closed inside the body");
            }
        } else if (code == 204 || code == 304) {
            body = new byte[0];
        } else {
            body = in.readAllBytes(); // delimited by the connection's end
            close = true;
        }
        return new Answer(code, headers, new String(body, StandardCharsets.UTF_8), close);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    private static int chunkSize(String line) throws IOException {
        int semi = line.indexOf(';');
        try {
            return Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size");
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int ch = in.read(); ; ch = in.read()) {
            if (ch < 0) {
                throw new EOFException("connection closed");
            }
            if (ch == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            b.append((char) ch);
        }
    }
}
