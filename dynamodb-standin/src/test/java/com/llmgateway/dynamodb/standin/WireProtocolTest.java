package com.llmgateway.dynamodb.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bytes on the wire: headers, CRC32, error shapes, keep-alive, chunked bodies. */
class WireProtocolTest {
    private static DynamoDbStandIn db;

    @BeforeAll
    static void start() {
        db = DynamoDbStandIn.builder().start();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    private static void send(OutputStream out, String target, String body, boolean chunked) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("POST / HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\n");
        if (target != null) {
            h.append("X-Amz-Target: ").append(target).append("\r\n");
        }
        if (chunked) {
            h.append("Transfer-Encoding: chunked\r\n\r\n");
            out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
            int half = b.length / 2;
            out.write((Integer.toHexString(half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, 0, half);
            out.write(("\r\n" + Integer.toHexString(b.length - half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, half, b.length - half);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            h.append("Content-Length: ").append(b.length).append("\r\n\r\n");
            out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(b);
        }
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed");
            }
            if (c != '\r') {
                buf.write(c);
            }
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static Answer receive(InputStream in) throws IOException {
        String status = line(in);
        Map<String, String> headers = new HashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int c = h.indexOf(':');
            headers.put(h.substring(0, c).toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body);
    }

    private static void assertCrc(Answer a) {
        CRC32 crc = new CRC32();
        crc.update(a.body());
        assertEquals(Long.toString(crc.getValue()), a.headers().get("x-amz-crc32"));
    }

    @Test
    void severalRequestsShareOneKeptAliveConnection() throws IOException {
        try (Socket s = new Socket(db.endpoint().getHost(), db.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            send(out, "DynamoDB_20120810.CreateTable", "{\"TableName\":\"wire\",\"BillingMode\":\"PAY_PER_REQUEST\","
                    + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}]}", false);
            Answer created = receive(in);
            assertEquals(200, created.status());
            assertEquals("application/x-amz-json-1.0", created.headers().get("content-type"));
            assertNotNull(created.headers().get("x-amzn-requestid"));
            assertCrc(created);
            assertEquals("ACTIVE", created.json().at("/TableDescription/TableStatus").asText());

            send(out, "DynamoDB_20120810.PutItem", "{\"TableName\":\"wire\",\"Item\":{\"pk\":{\"S\":\"k\"},"
                    + "\"price\":{\"N\":\"250.00\"}}}", true);
            assertEquals(200, receive(in).status());
            send(out, "DynamoDB_20120810.GetItem", "{\"TableName\":\"wire\",\"Key\":{\"pk\":{\"S\":\"k\"}}}", false);
            Answer got = receive(in);
            assertCrc(got);
            assertEquals("250", got.json().at("/Item/price/N").asText(), "numbers are stored normalised");
        }
    }

    @Test
    void errorsCarryDynamoDbTypes() throws IOException {
        try (Socket s = new Socket(db.endpoint().getHost(), db.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            send(out, "DynamoDB_20120810.NoSuchThing", "{}", false);
            Answer unknown = receive(in);
            assertEquals(400, unknown.status());
            assertEquals("com.amazon.coral.service#UnknownOperationException", unknown.json().get("__type").asText());
            assertCrc(unknown);

            send(out, "DynamoDB_20120810.GetItem", "{not json", false);
            assertEquals("com.amazon.coral.service#SerializationException", receive(in).json().get("__type").asText());

            send(out, "DynamoDB_20120810.GetItem", "{\"TableName\":\"missing\",\"Key\":{\"pk\":{\"S\":\"k\"}}}", false);
            JsonNode notFound = receive(in).json();
            assertEquals("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", notFound.get("__type").asText());
            assertEquals("Requested resource not found", notFound.get("message").asText());

            send(out, "DynamoDB_20120810.DescribeTable", "{\"TableName\":\"ab\"}", false);
            JsonNode invalid = receive(in).json();
            assertEquals("com.amazon.coral.validate#ValidationException", invalid.get("__type").asText());
            assertTrue(invalid.get("message").asText().contains("Member must have length greater than or equal to 3"));
        }
    }

    @Test
    void statsCountRequestsByOperation() throws Exception {
        String before = StandInClients.control(db, "/_standin/stats", null);
        try (var c = StandInClients.client(db)) {
            c.listTables();
            c.listTables();
        }
        JsonNode a = new ObjectMapper().readTree(before);
        JsonNode b = new ObjectMapper().readTree(StandInClients.control(db, "/_standin/stats", null));
        assertEquals(a.path("by_operation").path("ListTables").asLong() + 2, b.path("by_operation").path("ListTables").asLong());
        assertEquals(a.get("requests").asLong() + 2, b.get("requests").asLong());
        assertTrue(b.at("/engine_micros/ListTables/p50").asDouble() > 0);
    }
}
