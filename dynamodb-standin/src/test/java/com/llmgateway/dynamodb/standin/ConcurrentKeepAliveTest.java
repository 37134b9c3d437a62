package com.llmgateway.dynamodb.standin;

import static com.llmgateway.dynamodb.standin.StandInClients.key;
import static com.llmgateway.dynamodb.standin.StandInClients.n;
import static com.llmgateway.dynamodb.standin.StandInClients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Keep-alive connections under the benchmark's mixed load from 8 concurrent clients: every request
 * gets exactly one well-formed answer, and nothing else is ever written on the connection (no second
 * answer, no stray CRLF, no unasked-for or late "100 Continue", no close without
 * {@code Connection: close}). An HTTP/1.1 client pools a connection as soon as it has read
 * Content-Length bytes, so any such byte reaches it while the connection sits in its pool.
 *
 * <p>The raw-socket test is the exact oracle: it reads the server's byte stream response by response,
 * so a stray byte shows up as a malformed status line of the next answer, and the last request asks
 * for {@code Connection: close} so that the stream must end right after its answer. The counts are
 * bounded; nothing is timed.
 */
class ConcurrentKeepAliveTest {
    private static final int THREADS = 8;
    private static final int REQUESTS_PER_CONNECTION = 400;
    private static final int SDK_CALLS_PER_THREAD = 60;
    private static final int ITEMS = 100;
    private static final String TABLE = "keepalive";
    private static final String TARGET = "DynamoDB_20120810.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DynamoDbStandIn db;

    @BeforeAll
    static void start() throws IOException {
        db = DynamoDbStandIn.builder().start();
        try (Connection c = new Connection()) {
            c.expect(Call.dynamo("CreateTable", "{\"TableName\":\"" + TABLE + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
                    + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}]}", 200), Framing.ONE_WRITE);
            for (int i = 0; i < ITEMS; i++) {
                c.expect(Call.dynamo("PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"item-" + i
                        + "\"},\"hits\":{\"N\":\"0\"}}}", 200), Framing.ONE_WRITE);
            }
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** How a request's bytes are put on the wire. */
    enum Framing {
        /** Head and body in one write. */
        ONE_WRITE,
        /** Head, flush, then body (what java.net.http does). */
        HEAD_THEN_BODY,
        /** A chunked body in three chunks. */
        CHUNKED,
        /** {@code Expect: 100-continue}: the body only after the interim answer. */
        EXPECT_CONTINUE
    }

    /** One request and the status its answer must carry. */
    record Call(String method, String path, String target, String body, int status) {
        static Call dynamo(String op, String body, int status) {
            return new Call("POST", "/", TARGET + op, body, status);
        }

        static Call control(String method, String path, String body) {
            return new Call(method, path, null, body, 200);
        }
    }

    /** A parsed answer; header names lower-cased, each present at most once. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** One kept-alive connection that checks the framing of every byte it reads. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private int answered;

        Connection() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), db.port());
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** Sends the call, reads its one answer and checks it. */
        Answer expect(Call call, Framing framing) throws IOException {
            return expect(call, framing, false);
        }

        Answer expect(Call call, Framing framing, boolean close) throws IOException {
            byte[] body = call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(call.method()).append(' ').append(call.path()).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(db.port()).append("\r\n");
            if (call.target() != null) {
                head.append("Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: ").append(call.target()).append("\r\n");
            }
            if (close) {
                head.append("Connection: close\r\n");
            }
            if (framing == Framing.CHUNKED) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            if (framing == Framing.EXPECT_CONTINUE) {
                head.append("Expect: 100-continue\r\n");
            }
            byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
            switch (framing) {
                case ONE_WRITE -> {
                    byte[] all = new byte[headBytes.length + body.length];
                    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
                    System.arraycopy(body, 0, all, headBytes.length, body.length);
                    out.write(all);
                }
                case HEAD_THEN_BODY -> {
                    out.write(headBytes);
                    out.flush();
                    out.write(body);
                }
                case CHUNKED -> {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    b.write(headBytes);
                    int third = body.length / 3;
                    int[] cuts = {0, third, 2 * third, body.length};
                    for (int i = 0; i < 3; i++) {
                        int len = cuts[i + 1] - cuts[i];
                        if (len > 0) {
                            b.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            b.write(body, cuts[i], len);
                            b.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                    b.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(b.toByteArray());
                }
                case EXPECT_CONTINUE -> {
                    out.write(headBytes);
                    out.flush();
                    Answer interim = read();
                    assertEquals(100, interim.status(), "the interim answer to Expect: 100-continue");
                    assertTrue(interim.headers().isEmpty(), "100 Continue carries no headers: " + interim.headers());
                    out.write(body);
                }
                default -> throw new IllegalStateException();
            }
            out.flush();
            Answer a = read();
            answered++;
            String what = call.path() + " " + call.target() + " (answer " + answered + " on this connection)";
            assertEquals(call.status(), a.status(), what + ": " + new String(a.body(), StandardCharsets.UTF_8));
            assertEquals(close, "close".equalsIgnoreCase(a.headers().get("connection")),
                    what + ": Connection: close only when asked for, headers " + a.headers());
            JsonNode json = a.json();
            assertTrue(json != null && json.isObject(), what + ": a JSON object body");
            if (call.target() != null) {
                assertEquals("application/x-amz-json-1.0", a.headers().get("content-type"), what);
                assertTrue(a.headers().containsKey("x-amzn-requestid"), what);
                CRC32 crc = new CRC32();
                crc.update(a.body());
                assertEquals(Long.toString(crc.getValue()), a.headers().get("x-amz-crc32"), what + ": x-amz-crc32");
            }
            return a;
        }

        /** One answer, strictly: the status line must be the very next bytes on the stream. */
        private Answer read() throws IOException {
            String status = line();
            assertTrue(status.matches("HTTP/1\\.1 [1-5][0-9][0-9] [A-Za-z ]+"),
                    "a status line where the next answer must start, got \"" + status + "\" after " + answered + " answers");
            Map<String, String> headers = new HashMap<>();
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                assertTrue(colon > 0, "a header line, got \"" + h + "\"");
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String previous = headers.put(name, h.substring(colon + 1).trim());
                assertEquals(null, previous, "header " + name + " sent twice");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            if (code == 100) {
                return new Answer(code, headers, new byte[0]);
            }
            assertEquals(null, headers.get("transfer-encoding"), "answers are sent with a Content-Length");
            String cl = headers.get("content-length");
            assertTrue(cl != null && cl.matches("[0-9]+"), "a Content-Length, headers " + headers);
            int n = Integer.parseInt(cl);
            byte[] body = in.readNBytes(n);
            if (body.length != n) {
                throw new EOFException("the connection ended inside a body: " + body.length + " of " + n + " bytes");
            }
            return new Answer(code, headers, body);
        }

        /** A CRLF-terminated line; a bare LF or an end of stream is a failure. */
        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the server closed a kept-alive connection after " + answered
                            + " answers without Connection: close (read so far: \"" + sb + "\")");
                }
                if (b == '\n') {
                    assertTrue(sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r', "CRLF line ends, got \"" + sb + "\"");
                    return sb.substring(0, sb.length() - 1);
                }
                sb.append((char) b);
            }
        }

        /** Asks for Connection: close and checks that the stream ends right after that answer. */
        void finish() throws IOException {
            expect(Call.control("GET", "/_standin/stats", null), Framing.ONE_WRITE, true);
            int b = in.read();
            assertEquals(-1, b, "nothing may follow the last answer on a connection; read byte " + b);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String item(Random r) {
        return "item-" + r.nextInt(ITEMS);
    }

    private static String add(String pk) {
        return "{\"TableName\":\"" + TABLE + "\",\"Key\":{\"pk\":{\"S\":\"" + pk + "\"}},"
                + "\"UpdateExpression\":\"ADD hits :one\",\"ConditionExpression\":\"attribute_exists(pk)\","
                + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}},\"ReturnValues\":\"UPDATED_NEW\"}";
    }

    /** The benchmark's mix (50% GetItem, 30% ADD, 10% transaction, 10% batch) plus failures and /_standin/. */
    private static Call next(Random r, String unique) {
        int dice = r.nextInt(100);
        if (dice < 45) {
            return Call.dynamo("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":{\"pk\":{\"S\":\"" + item(r) + "\"}}}", 200);
        } else if (dice < 72) {
            return Call.dynamo("UpdateItem", add(item(r)), 200);
        } else if (dice < 75) { // a ConditionalCheckFailedException: an error answer with a body
            return Call.dynamo("UpdateItem", add("missing-" + unique), 400);
        } else if (dice < 85) {
            StringBuilder b = new StringBuilder("{\"TransactItems\":[");
            for (int i = 0; i < 3; i++) {
                b.append(i > 0 ? "," : "").append("{\"Put\":{\"TableName\":\"").append(TABLE)
                        .append("\",\"Item\":{\"pk\":{\"S\":\"tx-").append(unique).append('-').append(i)
                        .append("\"},\"v\":{\"N\":\"1\"}},\"ConditionExpression\":\"attribute_not_exists(pk)\"}}");
            }
            return Call.dynamo("TransactWriteItems", b.append("]}").toString(), 200);
        } else if (dice < 95) {
            StringBuilder b = new StringBuilder("{\"RequestItems\":{\"" + TABLE + "\":[");
            for (int i = 0; i < 25; i++) {
                b.append(i > 0 ? "," : "").append("{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"batch-").append(unique)
                        .append('-').append(i).append("\"},\"v\":{\"N\":\"1\"}}}}");
            }
            return Call.dynamo("BatchWriteItem", b.append("]}}").toString(), 200);
        } else if (dice < 98) {
            return Call.control("GET", "/_standin/stats", null);
        } else {
            return Call.control("POST", "/_standin/faults", "{}");
        }
    }

    private static <T> List<T> onThreads(ThreadBody<T> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                fs.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return body.run(thread);
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw new AssertionError("a client thread failed: " + e.getCause(), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThreadBody<T> {
        T run(int thread) throws Exception;
    }

    /** The sum of {@code hits} over the seeded items. */
    private static long totalHits() throws IOException {
        long sum = 0;
        try (Connection c = new Connection()) {
            for (int i = 0; i < ITEMS; i++) {
                Answer a = c.expect(Call.dynamo("GetItem", "{\"TableName\":\"" + TABLE
                        + "\",\"Key\":{\"pk\":{\"S\":\"item-" + i + "\"}},\"ConsistentRead\":true}", 200), Framing.ONE_WRITE);
                sum += a.json().at("/Item/hits/N").asLong();
            }
            c.finish();
        }
        return sum;
    }

    @Test
    void eightKeptAliveConnectionsGetExactlyOneWellFormedAnswerPerRequest() throws Exception {
        long hitsBefore = totalHits();
        AtomicLong unique = new AtomicLong();
        Framing[] framings = Framing.values();
        List<Long> adds = onThreads(thread -> {
            Random r = new Random(7919L * (thread + 1));
            long added = 0;
            try (Connection c = new Connection()) {
                for (int i = 0; i < REQUESTS_PER_CONNECTION; i++) {
                    Call call = next(r, thread + "-" + unique.incrementAndGet());
                    // mostly what java.net.http and the SDKs do; now and then chunked or 100-continue
                    int f = r.nextInt(10);
                    Framing framing = f < 5 ? Framing.HEAD_THEN_BODY : f < 8 ? Framing.ONE_WRITE : framings[2 + f % 2];
                    Answer a = c.expect(call, framing);
                    if (call.target() != null && call.target().endsWith("UpdateItem")) {
                        if (call.status() == 200) {
                            added++;
                            assertTrue(a.json().at("/Attributes/hits/N").asLong() > 0, "UPDATED_NEW hits");
                        } else {
                            assertTrue(a.json().path("__type").asText().endsWith("#ConditionalCheckFailedException"),
                                    new String(a.body(), StandardCharsets.UTF_8));
                        }
                    }
                }
                c.finish();
            }
            return added;
        });
        long expected = adds.stream().mapToLong(Long::longValue).sum();
        assertTrue(expected > 0);
        assertEquals(hitsBefore + expected, totalHits(), "every answered ADD was applied exactly once");
    }

    @Test
    void sdkClientsWithoutRetriesSeeNoTransportErrorsUnderMixedLoad() throws Exception {
        long hitsBefore = totalHits();
        AtomicLong unique = new AtomicLong();
        AttributeValue one = n(1);
        try (DynamoDbClient c = StandInClients.client(db, "AKIDKEEPALIVE", false)) {
            List<Long> adds = onThreads(thread -> {
                Random r = new Random(104729L * (thread + 1));
                long added = 0;
                for (int i = 0; i < SDK_CALLS_PER_THREAD; i++) {
                    int dice = r.nextInt(100);
                    String u = thread + "-" + unique.incrementAndGet();
                    if (dice < 50) {
                        String pk = item(r);
                        assertEquals(pk, c.getItem(g -> g.tableName(TABLE).key(key(pk))).item().get("pk").s());
                    } else if (dice < 77) {
                        c.updateItem(u2 -> u2.tableName(TABLE).key(key(item(r))).updateExpression("ADD hits :one")
                                .conditionExpression("attribute_exists(pk)").expressionAttributeValues(Map.of(":one", one)));
                        added++;
                    } else if (dice < 80) {
                        try {
                            c.updateItem(u2 -> u2.tableName(TABLE).key(key("missing-" + u)).updateExpression("ADD hits :one")
                                    .conditionExpression("attribute_exists(pk)").expressionAttributeValues(Map.of(":one", one)));
                            throw new AssertionError("the condition must fail");
                        } catch (ConditionalCheckFailedException expectedFailure) {
                            // an error answer on the kept-alive connection
                        }
                    } else if (dice < 90) {
                        List<TransactWriteItem> items = new ArrayList<>();
                        for (int k = 0; k < 3; k++) {
                            String pk = "sdk-tx-" + u + "-" + k;
                            items.add(TransactWriteItem.builder().put(p -> p.tableName(TABLE)
                                    .item(Map.of("pk", s(pk), "v", one)).conditionExpression("attribute_not_exists(pk)")).build());
                        }
                        c.transactWriteItems(t -> t.transactItems(items));
                    } else {
                        List<WriteRequest> puts = new ArrayList<>();
                        for (int k = 0; k < 25; k++) {
                            String pk = "sdk-batch-" + u + "-" + k;
                            puts.add(WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s(pk), "v", one))).build());
                        }
                        assertTrue(c.batchWriteItem(b -> b.requestItems(Map.of(TABLE, puts))).unprocessedItems().isEmpty());
                    }
                }
                return added;
            });
            long expected = adds.stream().mapToLong(Long::longValue).sum();
            assertEquals(hitsBefore + expected, totalHits(), "every ADD was applied exactly once");
        }
    }
}
