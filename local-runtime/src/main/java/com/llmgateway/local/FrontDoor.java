package com.llmgateway.local;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The HTTP API stand-in's listening socket: Jetty 12's core server (no servlets) on 127.0.0.1,
 * one connector that speaks HTTP/1.1 and cleartext HTTP/2 with prior knowledge (a connection that
 * opens with the HTTP/2 preface, as the JS AWS SDK's HTTP/2 handler and {@code curl
 * --http2-prior-knowledge} do). An HTTP/1.1 {@code Upgrade: h2c} is not taken up: API Gateway
 * offers HTTP/2 only through TLS negotiation, never by upgrade, so such a request is answered in
 * HTTP/1.1 (the JDK's HTTP client asks for it on every first request).
 *
 * <p>Response header names go out lower-case on HTTP/1.1 as well, as API Gateway sends them
 * (HTTP/2 has only lower-case names). A request that does not parse (request line, headers over
 * the limit, bad framing) never reaches the service: it is answered by {@code refusal} with the
 * status Jetty found, in the stand-in's JSON shape.
 */
final class FrontDoor implements AutoCloseable {

    /** What the front door serves: one parsed request in, one complete reply out. */
    interface Service {
        HttpApiStandIn.Reply serve(HttpApiStandIn.Exchange exchange) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(FrontDoor.class);
    /** Longer than the 30 s integration timeout, so a slow function is answered, not cut off. */
    private static final long IDLE_TIMEOUT_MILLIS = 60_000;

    private final Server server;
    private final ServerConnector connector;

    private FrontDoor(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Listens on 127.0.0.1.
     *
     * @param port           0 picks a free port
     * @param maxHeaderBytes request line and headers together (HTTP/1.1), header list (HTTP/2)
     * @param refusal        the reply to a request refused before it reached the service, by status
     */
    static FrontDoor start(int port, int maxHeaderBytes, Service service, IntFunction<HttpApiStandIn.Reply> refusal) {
        // Concurrency tests fire 150 requests at once; handlers block on DynamoDB and Bedrock.
        QueuedThreadPool threads = new QueuedThreadPool(256, 8);
        threads.setName("http-api");
        threads.setDaemon(true);
        Server server = new Server(threads);

        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(maxHeaderBytes);
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        // Jetty would refuse an encoded '/' (an ARN model id, us.anthropic...%2F...) as ambiguous before
        // any handler ran; the stand-in decodes the raw path itself, as API Gateway does.
        config.setUriCompliance(UriCompliance.UNSAFE);
        HTTP2CServerConnectionFactory h2c = new PriorKnowledgeOnly(config);
        h2c.setStreamIdleTimeout(IDLE_TIMEOUT_MILLIS);
        ServerConnector connector = new ServerConnector(server, new LowerCaseHttp1(config), h2c);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(512);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                HttpApiStandIn.Reply reply;
                try {
                    reply = service.serve(exchange(request));
                } catch (IOException clientGone) {
                    LOG.debug("client went away: {}", clientGone.toString());
                    callback.failed(clientGone);
                    return true;
                }
                if (reply.relay() != null) {
                    relay(response, reply.relay(), callback);
                } else {
                    write(response, reply, callback);
                }
                return true;
            }
        });
        server.setErrorHandler(new ErrorHandler() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                int status = response.getStatus();
                if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException refused) {
                    status = refused.getCode();
                }
                response.getHeaders().clear();
                FrontDoor.write(response, refusal.apply(status < 400 ? 500 : status), callback);
                return true;
            }
        });
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failure is the one to report
            }
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")",
                    e instanceof IOException io ? io : new IOException(e));
        }
        return new FrontDoor(server, connector);
    }

    int port() {
        return connector.getLocalPort();
    }

    /** The request as the stand-in sees it: header names lower-case, HTTP/2's :authority as host. */
    private static HttpApiStandIn.Exchange exchange(Request request) {
        HttpURI uri = request.getHttpURI();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (request.getHeaders().get("host") == null && uri.getAuthority() != null) {
            headers.put("host", new ArrayList<>(List.of(uri.getAuthority())));
        }
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getLowerCaseName(), k -> new ArrayList<>()).add(field.getValue());
        }
        return new HttpApiStandIn.Exchange(request.getMethod(), uri.getPath(),
                uri.getQuery() == null ? "" : uri.getQuery(), headers, Request.asInputStream(request),
                Request.getRemoteAddr(request), Request.getLocalPort(request),
                request.getConnectionMetaData().getProtocol());
    }

    /**
     * A reply written as it is produced: the status and headers when the relay begins, then each
     * write and flush of the relay straight to the client (a blocking stream on Jetty's response,
     * so a client that went away fails the relay's next writes).
     */
    private static void relay(Response response, HttpApiStandIn.Relay relay, Callback callback) {
        java.io.OutputStream[] body = new java.io.OutputStream[1];
        com.llmgateway.core.http.ResponseSink sink = new com.llmgateway.core.http.ResponseSink() {
            @Override
            public java.io.OutputStream begin(int status, Map<String, String> headers) {
                if (body[0] != null) {
                    throw new IllegalStateException("the response began twice");
                }
                response.setStatus(status);
                HttpFields.Mutable out = response.getHeaders();
                Map<String, List<String>> multi = new LinkedHashMap<>();
                headers.forEach((k, v) -> multi.put(k, List.of(v)));
                HttpApiStandIn.wireHeaders(new HttpApiStandIn.Reply(status, multi, new byte[0]))
                        .forEach((name, values) -> values.forEach(v -> out.add(name, v)));
                body[0] = org.eclipse.jetty.io.Content.Sink.asOutputStream(response);
                return body[0];
            }

            @Override
            public boolean begun() {
                return body[0] != null;
            }
        };
        try {
            relay.run(sink);
            if (body[0] == null) {
                write(response, HttpApiStandIn.Reply.message(500, "Internal Server Error"), callback);
                return;
            }
            body[0].close();
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException) {
                LOG.debug("relayed reply ended early (client gone): {}", e.toString());
            } else {
                LOG.warn("relayed reply failed", e);
            }
            if (body[0] == null) {
                write(response, HttpApiStandIn.Reply.message(500, "Internal Server Error"), callback);
            } else {
                callback.failed(e);
            }
        }
    }

    private static void write(Response response, HttpApiStandIn.Reply reply, Callback callback) {
        response.setStatus(reply.status());
        HttpFields.Mutable out = response.getHeaders();
        HttpApiStandIn.wireHeaders(reply).forEach((name, values) -> values.forEach(v -> out.add(name, v)));
        boolean noBody = reply.status() == 204 || reply.status() == 304 || reply.body().length == 0;
        response.write(true, noBody ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("front door did not stop cleanly: {}", e.toString());
        }
    }

    /** h2c by prior knowledge only: an HTTP/1.1 Upgrade request stays HTTP/1.1. */
    private static final class PriorKnowledgeOnly extends HTTP2CServerConnectionFactory {
        PriorKnowledgeOnly(HttpConfiguration config) {
            super(config);
        }

        @Override
        public Connection upgradeConnection(Connector connector, EndPoint endPoint, MetaData.Request request,
                                            HttpFields.Mutable response101) {
            return "PRI".equals(request.getMethod()) ? super.upgradeConnection(connector, endPoint, request, response101) : null;
        }
    }

    /** HTTP/1.1 whose response header names go out lower-case, Jetty's own (content-length, date) included. */
    private static final class LowerCaseHttp1 extends HttpConnectionFactory {
        LowerCaseHttp1(HttpConfiguration config) {
            super(config);
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
                @Override
                protected HttpGenerator newHttpGenerator() {
                    return new LowerCaseGenerator();
                }
            };
            connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
            return configure(connection, connector, endPoint);
        }
    }

    /** Lower-cases the names in the header block that Jetty's generator has just written. */
    private static final class LowerCaseGenerator extends HttpGenerator {
        @Override
        public Result generateResponse(MetaData.Response info, boolean head, ByteBuffer header, ByteBuffer chunk,
                                       ByteBuffer content, boolean last) throws IOException {
            boolean writesHeader = header != null && getState() == State.START;
            int from = writesHeader ? header.limit() : 0;
            Result result = super.generateResponse(info, head, header, chunk, content, last);
            if (writesHeader && header.limit() > from) {
                lowerCaseNames(header, from, header.limit());
            }
            return result;
        }

        /** Bytes [from, to) hold the status line, then "Name: value" lines up to an empty line. */
        static void lowerCaseNames(ByteBuffer buffer, int from, int to) {
            int i = from;
            while (i < to && buffer.get(i) != '\n') {
                i++;
            }
            i++;
            while (i < to && buffer.get(i) != '\r' && buffer.get(i) != '\n') {
                boolean inName = true;
                for (; i < to && buffer.get(i) != '\n'; i++) {
                    byte b = buffer.get(i);
                    if (b == ':') {
                        inName = false;
                    } else if (inName && b >= 'A' && b <= 'Z') {
                        buffer.put(i, (byte) (b + ('a' - 'A')));
                    }
                }
                i++;
            }
        }
    }
}
