package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.local.bedrock.BedrockStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real streaming through the local runtime: the Bedrock stand-in's ConverseStream, the gateway's
 * streaming entry point and the HTTP API stand-in's relay. Ordering, not timing: the stand-in is
 * held before its last event until the test has seen the first chunk.
 */
class StreamingE2ETest extends GatewayE2E {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void reset() {
        BedrockStandIn b = gateway.bedrock();
        b.holdStreams(null);
        b.setTokenDelayMillis(0);
        b.clearFaults();
    }

    private static String chatBody(String prompt, boolean stream) {
        return "{\"model\":\"nova-micro\",\"max_tokens\":200," + (stream ? "\"stream\":true,\"stream_options\":{\"include_usage\":true}," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    private static HttpResponse<InputStream> post(String path, String key, String body, String cacheControl) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.endpoint().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("x-api-key", key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cacheControl != null) {
            b.header("cache-control", cacheControl);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The next SSE data line's payload, or null at the end of the stream. */
    private static String nextData(BufferedReader in) throws Exception {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        return null;
    }

    @Test
    void chat_chunks_reach_the_client_before_bedrock_has_finished_and_cost_what_the_unstreamed_call_costs() throws Exception {
        admin.team("{\"team_id\":\"stream-chat\"}");
        String key = admin.invokeKey("stream-chat");
        BedrockStandIn bedrock = gateway.bedrock();
        CountDownLatch hold = new CountDownLatch(1);
        bedrock.holdStreams(hold);
        int finishedBefore = bedrock.streamsFinished();
        HttpResponse<InputStream> r = post("/v1/chat/completions", key, chatBody("Count the sheep in the meadow slowly please", true), "no-store");
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        StringBuilder text = new StringBuilder();
        List<JsonNode> chunks = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            JsonNode role = Json.parse(nextData(in));
            assertEquals("assistant", role.at("/choices/0/delta/role").asText());
            JsonNode firstContent = Json.parse(nextData(in));
            text.append(firstContent.at("/choices/0/delta/content").asText());
            // The stand-in is still holding its messageStop: the chunk left before Bedrock finished.
            assertEquals(finishedBefore, bedrock.streamsFinished(), "the stand-in had not finished when the first token arrived");
            hold.countDown();
            for (String data; (data = nextData(in)) != null && !data.equals("[DONE]"); ) {
                JsonNode c = Json.parse(data);
                chunks.add(c);
                text.append(c.at("/choices/0/delta/content").asText(""));
            }
        }
        assertTrue(text.toString().matches("Echo from \\S+: Count the sheep in the meadow slowly please"), text.toString());
        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertEquals("stop", chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText());
        assertTrue(usageChunk.at("/usage/completion_tokens").asLong() > 0);
        String cost = usageChunk.at("/gateway_metadata/cost_usd").asText();

        Map<String, AttributeValue> record = ledger(requestId);
        assertEquals("200", record.get("status_code").n());
        assertEquals("chat", record.get("route").s());
        assertEquals(usageChunk.at("/usage/completion_tokens").asText(), record.get("output_tokens").n());

        // The same prompt unstreamed: the same tokens and the same cost.
        HttpResponse<String> plain = CLIENT.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/v1/chat/completions"))
                .header("x-api-key", key).header("content-type", "application/json").header("cache-control", "no-store")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("Count the sheep in the meadow slowly please", false))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode completion = Json.parse(plain.body());
        assertEquals(usageChunk.at("/usage").toString(), completion.at("/usage").toString());
        assertEquals(0, new BigDecimal(cost).compareTo(new BigDecimal(completion.at("/gateway_metadata/cost_usd").asText())));
        Map<String, AttributeValue> plainRecord = ledger(plain.headers().firstValue("x-request-id").orElseThrow());
        assertEquals(0, new BigDecimal(plainRecord.get("cost_usd").n()).compareTo(new BigDecimal(record.get("cost_usd").n())));
    }

    @Test
    void a_client_that_disconnects_mid_stream_is_recorded_once_with_bedrocks_tokens() throws Exception {
        admin.team("{\"team_id\":\"stream-gone\"}");
        String key = admin.invokeKey("stream-gone");
        gateway.bedrock().setTokenDelayMillis(150);
        String prompt = "one two three four five six seven eight nine ten eleven twelve";
        String body = chatBody(prompt, true);
        String requestId;
        URI endpoint = gateway.endpoint();
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nhost: " + endpoint.getAuthority() + "\r\nx-api-key: " + key
                    + "\r\ncontent-type: application/json\r\ncache-control: no-store\r\ncontent-length: " + bytes.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String id = null;
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                if (line.toLowerCase().startsWith("x-request-id:")) {
                    id = line.substring("x-request-id:".length()).trim();
                }
            }
            requestId = id;
            // Read until the first content delta, then hang up.
            for (String line; (line = in.readLine()) != null; ) {
                if (line.contains("\"content\":\"Echo")) {
                    break;
                }
            }
        }
        assertTrue(requestId != null, "the response carried its request id");
        Map<String, AttributeValue> record = awaitLedger(requestId);
        assertEquals("499", record.get("status_code").n());
        assertEquals("client_disconnected", record.get("error_type").s());
        assertNull(record.get("tokens_estimated"), "Bedrock's own counts, read to the stream's end");
        assertTrue(Long.parseLong(record.get("output_tokens").n()) > 0);
        assertTrue(new BigDecimal(record.get("cost_usd").n()).signum() > 0, "a cancelled stream is not recorded at $0");
    }

    @Test
    void a_fault_mid_stream_is_an_sse_error_and_one_record_with_an_estimate() throws Exception {
        admin.team("{\"team_id\":\"stream-fault\"}");
        String key = admin.invokeKey("stream-fault");
        gateway.bedrock().injectFault(BedrockStandIn.Fault.STREAM_ERROR, 1);
        HttpResponse<InputStream> r = post("/v1/chat/completions", key, chatBody("Tell me something long", true), "no-store");
        assertEquals(200, r.statusCode());
        String all = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(all.contains("data: {\"error\":{"), all);
        assertFalse(all.contains("[DONE]"), all);
        assertFalse(all.toLowerCase().contains("exception"), "no internal names reach the caller: " + all);
        Map<String, AttributeValue> record = ledger(r.headers().firstValue("x-request-id").orElseThrow());
        assertEquals("502", record.get("status_code").n());
        assertTrue(record.get("tokens_estimated").bool());
        assertTrue(Long.parseLong(record.get("output_tokens").n()) > 0);
    }

    /** The frames of an event-stream body, decoded by the AWS SDK's own library. */
    private static List<Message> frames(InputStream body) throws Exception {
        List<Message> out = new ArrayList<>();
        MessageDecoder decoder = new MessageDecoder(out::add);
        decoder.feed(body.readAllBytes());
        return out;
    }

    private static String header(Message m, String name) {
        return m.getHeaders().get(name) == null ? null : m.getHeaders().get(name).getString();
    }

    @Test
    void converse_stream_answers_bedrocks_event_stream_replays_a_cache_hit_and_fails_in_bedrocks_shapes() throws Exception {
        admin.team("{\"team_id\":\"stream-converse\"}");
        String key = admin.invokeKey("stream-converse");
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Stream this for me\"}]}],\"inferenceConfig\":{\"maxTokens\":100}}";

        HttpResponse<InputStream> r = post("/model/nova-micro/converse-stream", key, body, null);
        assertEquals(200, r.statusCode());
        assertEquals("application/vnd.amazon.eventstream", r.headers().firstValue("content-type").orElse(""));
        assertEquals("MISS", r.headers().firstValue("x-gateway-cache").orElse(""));
        List<Message> frames = frames(r.body());
        List<String> types = frames.stream().map(m -> header(m, ":event-type")).toList();
        assertEquals("messageStart", types.get(0));
        assertEquals(List.of("contentBlockStop", "messageStop", "metadata"), types.subList(types.size() - 3, types.size()));
        StringBuilder text = new StringBuilder();
        for (Message m : frames) {
            assertEquals("event", header(m, ":message-type"));
            assertEquals("application/json", header(m, ":content-type"));
            if ("contentBlockDelta".equals(header(m, ":event-type"))) {
                text.append(Json.MAPPER.readTree(m.getPayload()).at("/delta/text").asText());
            }
        }
        assertTrue(text.toString().matches("Echo from \\S+: Stream this for me"), text.toString());
        assertEquals("end_turn", Json.MAPPER.readTree(frames.get(frames.size() - 2).getPayload()).path("stopReason").asText());
        JsonNode metadata = Json.MAPPER.readTree(frames.get(frames.size() - 1).getPayload());
        Map<String, AttributeValue> record = ledger(r.headers().firstValue("x-request-id").orElseThrow());
        assertEquals("converse", record.get("route").s());
        assertEquals(metadata.at("/usage/outputTokens").asText(), record.get("output_tokens").n());
        assertEquals(metadata.at("/usage/inputTokens").asText(), record.get("input_tokens").n());

        HttpResponse<InputStream> hit = post("/model/nova-micro/converse-stream", key, body, null);
        assertEquals("HIT", hit.headers().firstValue("x-gateway-cache").orElse(""));
        StringBuilder replayed = new StringBuilder();
        for (Message m : frames(hit.body())) {
            if ("contentBlockDelta".equals(header(m, ":event-type"))) {
                replayed.append(Json.MAPPER.readTree(m.getPayload()).at("/delta/text").asText());
            }
        }
        assertEquals(text.toString(), replayed.toString());
        assertEquals("true", String.valueOf(ledger(hit.headers().firstValue("x-request-id").orElseThrow()).get("cached").bool()));

        gateway.bedrock().injectFault(BedrockStandIn.Fault.VALIDATION, 1);
        HttpResponse<InputStream> before = post("/model/nova-micro/converse-stream", key, body, "no-store");
        assertEquals(400, before.statusCode());
        assertEquals("ValidationException", before.headers().firstValue("x-amzn-ErrorType").orElse(""));
        before.body().readAllBytes();
        ledger(before.headers().firstValue("x-request-id").orElseThrow());

        gateway.bedrock().injectFault(BedrockStandIn.Fault.STREAM_ERROR, 1);
        HttpResponse<InputStream> after = post("/model/nova-micro/converse-stream", key, body, "no-store");
        assertEquals(200, after.statusCode());
        List<Message> broken = frames(after.body());
        Message last = broken.get(broken.size() - 1);
        assertEquals("exception", header(last, ":message-type"));
        assertEquals("internalServerException", header(last, ":exception-type"));
        Map<String, AttributeValue> failed = ledger(after.headers().firstValue("x-request-id").orElseThrow());
        assertTrue(failed.get("tokens_estimated").bool());
    }

    @Test
    void the_function_url_streams_and_checks_keys_itself_with_the_authorizers_rules() throws Exception {
        admin.team("{\"team_id\":\"stream-url\"}");
        String key = admin.invokeKey("stream-url");
        URI url = gateway.functionUrl();
        BedrockStandIn bedrock = gateway.bedrock();
        CountDownLatch hold = new CountDownLatch(1);
        bedrock.holdStreams(hold);
        int finishedBefore = bedrock.streamsFinished();
        HttpResponse<InputStream> r = CLIENT.send(HttpRequest.newBuilder(url.resolve("/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("Through the function URL", true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        StringBuilder text = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            nextData(in);
            text.append(Json.parse(nextData(in)).at("/choices/0/delta/content").asText());
            assertEquals(finishedBefore, bedrock.streamsFinished(), "first chunk before the stand-in finished");
            hold.countDown();
            for (String data; (data = nextData(in)) != null && !data.equals("[DONE]"); ) {
                text.append(Json.parse(data).at("/choices/0/delta/content").asText(""));
            }
        }
        assertTrue(text.toString().endsWith("Through the function URL"), text.toString());
        Map<String, AttributeValue> record = ledger(r.headers().firstValue("x-request-id").orElseThrow());
        assertEquals("stream-url", record.get("team_id").s());

        HttpResponse<String> noKey = CLIENT.send(HttpRequest.newBuilder(url.resolve("/v1/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("x", true))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noKey.statusCode());
        assertEquals("missing_api_key", Json.parse(noKey.body()).at("/error/code").asText());

        HttpResponse<String> badKey = CLIENT.send(HttpRequest.newBuilder(url.resolve("/model/nova-micro/converse-stream"))
                .header("x-api-key", "lgw_" + "A".repeat(43)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, badKey.statusCode());
        assertEquals("UnrecognizedClientException", badKey.headers().firstValue("x-amzn-ErrorType").orElse(""));

        String finops = admin.key("stream-url", "[\"finops\"]").path("api_key").asText();
        HttpResponse<String> scope = CLIENT.send(HttpRequest.newBuilder(url.resolve("/v1/chat/completions"))
                .header("x-api-key", finops).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("x", false))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, scope.statusCode(), scope.body());

        HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(url.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("healthy", Json.parse(health.body()).path("status").asText());
    }

    @Test
    void the_function_urls_key_check_reuses_a_lookup_so_a_warm_sandbox_reads_no_key_before_the_model_call() throws Exception {
        admin.team("{\"team_id\":\"stream-url-cache\"}");
        String key = admin.invokeKey("stream-url-cache");
        URI url = gateway.functionUrl();
        HttpRequest chat = HttpRequest.newBuilder(url.resolve("/v1/chat/completions"))
                .header("x-api-key", key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("Cached key lookup", false))).build();
        assertEquals(200, CLIENT.send(chat, HttpResponse.BodyHandlers.ofString()).statusCode());
        // Every key read now fails: the second call is answered from the sandbox's key cache (the
        // authorizer's TTL), so only the model call's two store rounds touch DynamoDB.
        gateway.dynamoDbStandIn().faults().inject(com.llmgateway.dynamodb.standin.Fault.INTERNAL, 0, "GetItem",
                gateway.env().get("KEYS_TABLE"));
        try {
            HttpResponse<String> again = CLIENT.send(chat, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, again.statusCode(), again.body());
        } finally {
            gateway.dynamoDbStandIn().faults().clear();
        }
    }

    /** The ledger record once the gateway has written it (after it read the stream to its end). */
    private static Map<String, AttributeValue> awaitLedger(String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, AttributeValue> item = gateway.dynamoDb().getItem(b -> b.tableName(gateway.env().get("USAGE_TABLE"))
                    .consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("REQ#" + requestId), "sk", AttributeValue.fromS("REQ")))).item();
            if (item != null && !item.isEmpty()) {
                return item;
            }
            Thread.sleep(100);
        }
        fail("no ledger record REQ#" + requestId);
        return null;
    }
}
