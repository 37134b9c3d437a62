package com.llmgateway.dynamodb.standin;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.1 server on a loopback {@link ServerSocket}: one platform thread per connection
 * (measured faster than virtual threads here: a blocking read on a virtual thread goes through the
 * JDK's poller, an extra hand-off per request; the SDKs keep only a few connections open),
 * keep-alive, Content-Length and chunked request bodies, {@code Expect: 100-continue}. Written by
 * hand rather than on com.sun.net.httpserver so that latency is ours to control (TCP_NODELAY on
 * every socket, one write per response) and so an injected outage can drop a connection unanswered.
 */
final class HttpFront implements AutoCloseable {
    /** A parsed request; header names are lower-cased. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
        String header(String lowerName) {
            return headers.get(lowerName);
        }
    }

    /** An answer; {@link #DROP} closes the connection without one. */
    record Response(int status, byte[] body, String[] headers) {
        static final Response DROP = new Response(-1, null, null);
    }

    /** What serves each request. */
    interface Handler {
        Response handle(Request request);
    }

    private static final int MAX_BODY = 32 * 1024 * 1024;

    private final ServerSocket server;
    private final Handler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    HttpFront(int port, Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        this.acceptor = Thread.ofPlatform().daemon().name("standin-accept-" + server.getLocalPort()).start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                Thread.ofPlatform().daemon().name("standin-conn-" + s.getPort()).start(() -> serve(s));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            while (!closed) {
                Request req = read(in, out);
                if (req == null) {
                    return;
                }
                Response resp = handler.handle(req);
                if (resp == Response.DROP) {
                    return;
                }
                boolean keepAlive = !"close".equalsIgnoreCase(req.header("connection"));
                write(out, resp, keepAlive);
                if (!keepAlive) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // A peer that went away mid-request; nothing to answer.
        } finally {
            open.remove(socket);
        }
    }

    /** Reads one request, or returns null at a clean end of stream. */
    private static Request read(InputStream in, OutputStream out) throws IOException {
        String requestLine = line(in, true);
        if (requestLine == null) {
            return null;
        }
        if (requestLine.isEmpty()) { // a stray CRLF between requests is allowed
            requestLine = line(in, false);
        }
        int sp1 = requestLine.indexOf(' ');
        int sp2 = requestLine.indexOf(' ', sp1 + 1);
        if (sp1 < 0 || sp2 < 0) {
            throw new IOException("bad request line");
        }
        String method = requestLine.substring(0, sp1);
        String path = requestLine.substring(sp1 + 1, sp2);
        Map<String, String> headers = new HashMap<>();
        for (String h = line(in, false); !h.isEmpty(); h = line(in, false)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body;
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        } else {
            String cl = headers.get("content-length");
            int n = cl == null ? 0 : Integer.parseInt(cl.trim());
            if (n < 0 || n > MAX_BODY) {
                throw new IOException("body too large");
            }
            body = in.readNBytes(n);
            if (body.length != n) {
                throw new EOFException();
            }
        }
        return new Request(method, path, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            String size = line(in, false);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            if (n == 0) {
                while (!line(in, false).isEmpty()) {
                    // trailers: ignored
                }
                return buf.toByteArray();
            }
            if (buf.size() + n > MAX_BODY) {
                throw new IOException("body too large");
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) {
                throw new EOFException();
            }
            buf.write(chunk);
            line(in, false);
        }
    }

    /** One CRLF-terminated line in ISO-8859-1; null at end of stream before any byte when allowed. */
    private static String line(InputStream in, boolean eofOk) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofOk && sb.isEmpty()) {
                    return null;
                }
                throw new EOFException();
            }
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() > 16 * 1024) {
                throw new IOException("header line too long");
            }
            sb.append((char) b);
        }
    }

    private static void write(OutputStream out, Response r, boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n");
        for (int i = 0; i + 1 < r.headers().length; i += 2) {
            head.append(r.headers()[i]).append(": ").append(r.headers()[i + 1]).append("\r\n");
        }
        head.append("Content-Length: ").append(r.body().length).append("\r\n");
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.body());
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
