package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.local.bedrock.BedrockStandIn.Fault;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8: the unmodified AWS SDK v2 BedrockRuntimeClient, pointed at the local gateway by
 * endpoint override, with the gateway key added as x-api-key by an execution interceptor (its
 * SigV4 Authorization header travels too and is ignored).
 */
class ConverseE2ETest extends GatewayE2E {

    /** The SDK as an application builds it; only the endpoint and the key interceptor are the gateway's. */
    private static BedrockRuntimeClient client(String apiKey) {
        return BedrockRuntimeClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(gateway.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    if (apiKey != null) {
                        o.addExecutionInterceptor(new ApiKeyInterceptor(apiKey));
                    }
                })
                .build();
    }

    private record ApiKeyInterceptor(String key) implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().putHeader("x-api-key", key).build();
        }
    }

    private static Consumer<ConverseRequest.Builder> ask(String modelId, String question) {
        return b -> b.modelId(modelId)
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(question)).build());
    }

    @Test
    void converse_by_catalog_name_answers_in_bedrocks_shape_with_text_usage_and_stop_reason() {
        try (BedrockRuntimeClient bedrock = client(gateway.keys().orElseThrow().invokeKey())) {
            ConverseResponse r;
            long before = System.nanoTime();
            gateway.bedrock().setLatencyMillis(150); // a model call that takes a known time
            try {
                r = bedrock.converse(b -> b.modelId("nova-micro")
                        .system(SystemContentBlock.fromText("Answer briefly."))
                        .messages(Message.builder().role(ConversationRole.USER)
                                .content(ContentBlock.fromText("Hello through the gateway")).build())
                        .inferenceConfig(c -> c.maxTokens(200).temperature(0.2f).topP(0.9f)));
            } finally {
                gateway.bedrock().setLatencyMillis(0);
            }
            long wholeCallMs = (System.nanoTime() - before) / 1_000_000;
            assertEquals(ConversationRole.ASSISTANT, r.output().message().role());
            assertEquals("Echo from amazon.nova-micro-v1:0: Hello through the gateway", r.output().message().content().get(0).text());
            assertEquals(StopReason.END_TURN, r.stopReason());
            assertTrue(r.usage().inputTokens() > 0);
            assertTrue(r.usage().outputTokens() > 0);
            assertEquals(r.usage().inputTokens() + r.usage().outputTokens(), r.usage().totalTokens());
            long latency = r.metrics().latencyMs();
            assertTrue(latency >= 150 && latency <= wholeCallMs, "metrics.latencyMs " + latency + " of a " + wholeCallMs
                    + " ms call whose model took 150 ms");
            List<String> cost = r.sdkHttpResponse().matchingHeaders("x-gateway-cost-usd");
            assertEquals(1, cost.size());
            assertTrue(new BigDecimal(cost.get(0)).signum() > 0);
            assertTrue(r.sdkHttpResponse().firstMatchingHeader("x-request-id").isPresent());
        }
    }

    @Test
    void converse_by_bedrock_model_id_and_inference_profile_id_and_max_tokens_stop() {
        try (BedrockRuntimeClient bedrock = client(gateway.keys().orElseThrow().invokeKey())) {
            ConverseResponse byId = bedrock.converse(ask("amazon.nova-micro-v1:0", "By model id"));
            assertEquals("Echo from amazon.nova-micro-v1:0: By model id", byId.output().message().content().get(0).text());

            ConverseResponse byProfile = bedrock.converse(ask("us.anthropic.claude-haiku-4-5-20251001-v1:0", "By profile"));
            assertTrue(byProfile.output().message().content().get(0).text().endsWith(": By profile"));

            ConverseResponse cut = bedrock.converse(ask("nova-micro", "one two three four five six seven eight nine ten")
                    .andThen(b -> b.inferenceConfig(c -> c.maxTokens(2))));
            assertEquals(StopReason.MAX_TOKENS, cut.stopReason());
            assertEquals(2, cut.usage().outputTokens());
        }
    }

    @Test
    void a_converse_call_appears_in_the_usage_report_and_the_ledger_under_route_converse() {
        admin.team("{\"team_id\":\"converse-usage\"}");
        String key = admin.invokeKey("converse-usage");
        ConverseResponse r;
        try (BedrockRuntimeClient bedrock = client(key)) {
            r = bedrock.converse(ask("nova-micro", "Count me"));
        }
        String requestId = r.sdkHttpResponse().firstMatchingHeader("x-request-id").orElseThrow();

        Http.Res usage = http.get("/v1/usage?days=2", "x-api-key", key);
        assertEquals(200, usage.status(), usage.body());
        JsonNode summary = usage.json().path("summary");
        assertEquals(1, summary.path("total_requests").asLong(), usage.body());
        assertEquals(r.usage().inputTokens().longValue(), summary.path("input_tokens").asLong(), usage.body());

        Map<String, AttributeValue> ledger = gateway.dynamoDb().getItem(b -> b.tableName(gateway.env().get("USAGE_TABLE"))
                .key(Map.of("pk", AttributeValue.fromS("REQ#" + requestId), "sk", AttributeValue.fromS("REQ")))).item();
        assertNotNull(ledger.get("route"), "ledger item REQ#" + requestId);
        assertEquals("converse", ledger.get("route").s());
        assertEquals("converse-usage", ledger.get("team_id").s());
        assertEquals("nova-micro", ledger.get("model").s());
    }

    private static Tool tool(String name, String property) {
        Document schema = Document.mapBuilder()
                .putString("type", "object")
                .putDocument("properties", Document.mapBuilder()
                        .putDocument(property, Document.mapBuilder().putString("type", "string").build()).build())
                .putList("required", List.of(Document.fromString(property)))
                .build();
        return Tool.fromToolSpec(ToolSpecification.builder().name(name).description("Looks up " + property)
                .inputSchema(ToolInputSchema.fromJson(schema)).build());
    }

    private static ToolUseBlock onlyToolUse(ConverseResponse r) {
        List<ToolUseBlock> uses = r.output().message().content().stream().map(ContentBlock::toolUse)
                .filter(Objects::nonNull).toList();
        assertEquals(1, uses.size(), r.toString());
        return uses.get(0);
    }

    @Test
    void a_tool_round_trip_through_the_sdk_gets_a_tool_use_then_the_answer_built_from_the_tool_result() {
        ToolConfiguration tools = ToolConfiguration.builder()
                .tools(tool("get_weather", "city"), tool("get_time", "zone"))
                .toolChoice(ToolChoice.fromAuto(a -> { }))
                .build();
        Message question = Message.builder().role(ConversationRole.USER)
                .content(ContentBlock.fromText("What is the weather in Paris, round trip?")).build();
        try (BedrockRuntimeClient bedrock = client(gateway.keys().orElseThrow().invokeKey())) {
            ConverseResponse first = bedrock.converse(b -> b.modelId("nova-micro").messages(question).toolConfig(tools));
            assertEquals(StopReason.TOOL_USE, first.stopReason());
            ToolUseBlock use = onlyToolUse(first);
            assertEquals("tooluse_1", use.toolUseId());
            assertEquals("get_weather", use.name());
            assertTrue(use.input().isMap(), use.input().toString());
            assertEquals("example", use.input().asMap().get("city").asString());
            assertTrue(first.usage().outputTokens() > 0);

            Message result = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(
                    ToolResultBlock.builder().toolUseId(use.toolUseId())
                            .content(ToolResultContentBlock.fromText("18 C and sunny")).build())).build();
            ConverseResponse second = bedrock.converse(b -> b.modelId("nova-micro").toolConfig(tools)
                    .messages(question, first.output().message(), result));
            assertEquals(StopReason.END_TURN, second.stopReason());
            assertEquals(List.of(ContentBlock.fromText("Tool get_weather returned: 18 C and sunny")),
                    second.output().message().content());
        }
    }

    @Test
    void a_forced_tool_choice_and_a_json_tool_result_round_trip_through_the_sdk() {
        ToolConfiguration tools = ToolConfiguration.builder()
                .tools(tool("get_weather", "city"), tool("get_time", "zone"))
                .toolChoice(ToolChoice.fromTool(t -> t.name("get_time")))
                .build();
        Message question = Message.builder().role(ConversationRole.USER)
                .content(ContentBlock.fromText("What time is it in Tokyo, forced?")).build();
        try (BedrockRuntimeClient bedrock = client(gateway.keys().orElseThrow().invokeKey())) {
            ConverseResponse first = bedrock.converse(b -> b.modelId("claude-haiku-4-5").messages(question).toolConfig(tools));
            assertEquals(StopReason.TOOL_USE, first.stopReason());
            ToolUseBlock use = onlyToolUse(first);
            assertEquals("get_time", use.name());
            assertEquals(Document.mapBuilder().putString("zone", "example").build(), use.input());

            Message result = Message.builder().role(ConversationRole.USER).content(
                    ContentBlock.fromToolResult(ToolResultBlock.builder().toolUseId(use.toolUseId()).status(ToolResultStatus.SUCCESS)
                            .content(ToolResultContentBlock.fromJson(Document.mapBuilder().putString("time", "19:00").build()))
                            .build()),
                    ContentBlock.fromText("Answer in one line.")).build();
            ConverseResponse second = bedrock.converse(b -> b.modelId("claude-haiku-4-5").toolConfig(tools)
                    .messages(question, first.output().message(), result));
            assertEquals(StopReason.END_TURN, second.stopReason());
            assertEquals("Tool get_time returned: {\"time\":\"19:00\"}", second.output().message().content().get(0).text());
        }
    }

    @Test
    void a_tool_result_without_its_tool_use_is_a_validation_error_naming_the_field() {
        Message result = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(
                ToolResultBlock.builder().toolUseId("tooluse_9").content(ToolResultContentBlock.fromText("x")).build())).build();
        try (BedrockRuntimeClient bedrock = client(gateway.keys().orElseThrow().invokeKey())) {
            ValidationException e = assertThrows(ValidationException.class, () -> bedrock.converse(b -> b.modelId("nova-micro")
                    .toolConfig(c -> c.tools(tool("get_weather", "city"))).messages(result)));
            assertEquals(400, e.statusCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains("'messages[0].content[0].toolResult.toolUseId'"), e.getMessage());

            ValidationException noTools = assertThrows(ValidationException.class, () -> bedrock.converse(b -> b.modelId("llama-3-2-1b")
                    .toolConfig(c -> c.tools(tool("get_weather", "city"))).messages(Message.builder().role(ConversationRole.USER)
                            .content(ContentBlock.fromText("Weather?")).build())));
            assertTrue(noTools.awsErrorDetails().errorMessage().contains("llama-3-2-1b"), noTools.getMessage());
        }
    }

    @Test
    void a_stop_sequence_comes_back_as_stop_reason_stop_sequence() {
        try (BedrockRuntimeClient bedrock = client(gateway.keys().orElseThrow().invokeKey())) {
            ConverseResponse r = bedrock.converse(ask("nova-micro", "alpha beta HALT gamma delta")
                    .andThen(b -> b.inferenceConfig(c -> c.stopSequences("HALT"))));
            assertEquals(StopReason.STOP_SEQUENCE, r.stopReason());
            assertEquals("Echo from amazon.nova-micro-v1:0: alpha beta ", r.output().message().content().get(0).text());

            // the same request again is a cache hit, and the hit keeps Bedrock's stop reason
            ConverseResponse hit = bedrock.converse(ask("nova-micro", "alpha beta HALT gamma delta")
                    .andThen(b -> b.inferenceConfig(c -> c.stopSequences("HALT"))));
            assertEquals("HIT", hit.sdkHttpResponse().firstMatchingHeader("x-gateway-cache").orElse(null));
            assertEquals(StopReason.STOP_SEQUENCE, hit.stopReason());
            assertEquals(r.output(), hit.output());
        }
    }

    @Test
    void a_throttled_upstream_is_the_sdks_throttling_exception() {
        admin.team("{\"team_id\":\"converse-throttle\"}");
        String key = admin.invokeKey("converse-throttle");
        gateway.bedrock().injectFault(Fault.THROTTLE, 20);
        try (BedrockRuntimeClient bedrock = client(key)) {
            ThrottlingException e = assertThrows(ThrottlingException.class, () -> bedrock.converse(ask("nova-micro", "Busy?")));
            assertEquals(429, e.statusCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains("throttling"), e.getMessage());
            assertTrue(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-request-id").isPresent());
            assertTrue(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("retry-after").isPresent());
        } finally {
            gateway.bedrock().clearFaults();
        }
    }

    @Test
    void an_unknown_model_is_resource_not_found_and_an_image_block_is_a_validation_error_naming_it() {
        try (BedrockRuntimeClient bedrock = client(gateway.keys().orElseThrow().invokeKey())) {
            ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
                    () -> bedrock.converse(ask("no-such-model", "Hi")));
            assertEquals(404, missing.statusCode());
            assertTrue(missing.awsErrorDetails().errorMessage().contains("no-such-model"));

            ValidationException image = assertThrows(ValidationException.class, () -> bedrock.converse(b -> b.modelId("nova-micro")
                    .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("What is this?"),
                            ContentBlock.fromImage(ImageBlock.builder().format(ImageFormat.PNG)
                                    .source(s -> s.bytes(SdkBytes.fromUtf8String("png"))).build())).build())));
            assertEquals(400, image.statusCode());
            assertTrue(image.awsErrorDetails().errorMessage().contains("'image'"), image.getMessage());
            assertTrue(image.awsErrorDetails().errorMessage().contains("messages[0].content[1]"), image.getMessage());
        }
    }

    @Test
    void without_a_key_the_sdk_gets_a_401_despite_its_sigv4_authorization_header() {
        try (BedrockRuntimeClient bedrock = client(null)) {
            BedrockRuntimeException e = assertThrows(BedrockRuntimeException.class, () -> bedrock.converse(ask("nova-micro", "Hi")));
            assertEquals(401, e.statusCode());
            assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
        }
        Http.Res raw = http.post("/model/nova-micro/converse", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}",
                "authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=abc");
        assertEquals(401, raw.status());
        assertEquals("UnrecognizedClientException", raw.header("x-amzn-ErrorType"));
        assertTrue(raw.json().path("message").asText().contains("x-api-key"), raw.body());
    }

    @Test
    void malformed_converse_bodies_get_bedrock_validation_errors_over_raw_http() {
        String key = gateway.keys().orElseThrow().invokeKey();
        Http.Res notJson = http.post("/model/nova-micro/converse", "{not json", "x-api-key", key);
        assertEquals(400, notJson.status());
        assertEquals("ValidationException", notJson.header("x-amzn-ErrorType"));
        assertEquals("The request body is not valid JSON.", notJson.json().path("message").asText());
        assertNotNull(notJson.header("x-request-id"));

        Http.Res noMessages = http.post("/model/nova-micro/converse", "{\"system\":[{\"text\":\"x\"}]}", "x-api-key", key);
        assertEquals(400, noMessages.status());
        assertTrue(noMessages.json().path("message").asText().contains("'messages'"), noMessages.body());

        Http.Res tools = http.post("/model/nova-micro/converse",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}],\"toolConfig\":{\"tools\":[{}]}}", "x-api-key", key);
        assertEquals(400, tools.status());
        assertTrue(tools.json().path("message").asText().contains("'toolConfig.tools[0].toolSpec'"), tools.body());

        Http.Res encoded = http.post("/model/amazon.nova-micro-v1%3A0/converse",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"encoded id\"}]}]}", "x-api-key", key);
        assertEquals(200, encoded.status(), encoded.body());
        assertEquals("end_turn", encoded.json().path("stopReason").asText());
        assertEquals(List.of("output", "stopReason", "usage", "metrics"), fieldNames(encoded.json()));
    }

    private static final String ARN = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0";

    @Test
    void the_sdk_may_name_the_model_by_an_inference_profile_or_foundation_model_arn() {
        try (BedrockRuntimeClient bedrock = client(gateway.keys().orElseThrow().invokeKey())) {
            // the SDK percent-encodes the ARN into the path: ':' as %3A, '/' as %2F
            ConverseResponse byProfile = bedrock.converse(ask(ARN, "By profile ARN"));
            assertEquals("Echo from amazon.nova-micro-v1:0: By profile ARN", byProfile.output().message().content().get(0).text());
            ConverseResponse byModel = bedrock.converse(ask("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
                    "By model ARN"));
            assertEquals("Echo from amazon.nova-micro-v1:0: By model ARN", byModel.output().message().content().get(0).text());

            ResourceNotFoundException unknown = assertThrows(ResourceNotFoundException.class, () -> bedrock.converse(
                    ask("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6", "Hi")));
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.awsErrorDetails().errorMessage().contains("application-inference-profile/a1b2c3d4e5f6"),
                    unknown.getMessage());

            ValidationException malformed = assertThrows(ValidationException.class, () -> bedrock.converse(
                    ask("arn:aws:bedrock:us-east-1:123:inference-profile/us.amazon.nova-micro-v1:0", "Hi")));
            assertTrue(malformed.awsErrorDetails().errorMessage().startsWith("The provided model identifier is invalid."),
                    malformed.getMessage());
        }
    }

    @Test
    void a_block_with_more_than_one_member_is_a_validation_error_and_one_ledger_record_each() {
        admin.team("{\"team_id\":\"converse-union\"}");
        String key = admin.invokeKey("converse-union");
        String tools = ",\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\",\"inputSchema\":{\"json\":"
                + "{\"type\":\"object\"}}}}]}";
        String use = "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"get_weather\",\"input\":{}}}]}";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("text and image", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"What is this?\","
                + "\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"iVBORw0KGgo=\"}}}]}]}");
        cases.put("cachePoint and image", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"What is this?\"},"
                + "{\"cachePoint\":{\"type\":\"default\"},\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"iVBORw0KGgo=\"}}}]}]}");
        cases.put("text and guardContent in system", "{\"system\":[{\"text\":\"Be brief.\",\"guardContent\":{\"text\":"
                + "{\"text\":\"secret\"}}}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}");
        cases.put("text and toolUse", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Weather?\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"text\":\"Checking.\",\"toolUse\":{\"toolUseId\":\"t1\","
                + "\"name\":\"get_weather\",\"input\":{}}}]}]" + tools + "}");
        cases.put("text and json in a toolResult", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Weather?\"}]},"
                + use + ",{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\",\"content\":[{\"text\":\"18 C\","
                + "\"json\":{\"c\":18}}]}}]}]" + tools + "}");
        cases.forEach((name, body) -> {
            Http.Res r = http.post("/model/nova-micro/converse", body, "x-api-key", key);
            assertEquals(400, r.status(), name + ": " + r.body());
            assertEquals("ValidationException", r.header("x-amzn-ErrorType"), name);
            assertEquals(List.of("message"), fieldNames(r.json()), name);
            assertTrue(r.json().path("message").asText().contains("must hold exactly one member"), name + ": " + r.body());
            String requestId = r.header("x-request-id");
            Map<String, AttributeValue> ledger = gateway.dynamoDb().getItem(b -> b.tableName(gateway.env().get("USAGE_TABLE"))
                    .consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("REQ#" + requestId), "sk", AttributeValue.fromS("REQ")))).item();
            assertEquals("converse", ledger.get("route").s(), name);
            assertEquals("400", ledger.get("status_code").n(), name);
        });
        Http.Res usage = http.get("/v1/usage?days=2", "x-api-key", key);
        assertEquals(cases.size(), usage.json().path("summary").path("total_requests").asLong(), usage.body());
    }

    @Test
    void other_operations_under_model_answer_in_bedrocks_shape_after_the_key() {
        admin.team("{\"team_id\":\"converse-ops\"}");
        String key = admin.invokeKey("converse-ops");
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}";
        Http.Res noKey = http.post("/model/nova-micro/invoke", body);
        assertEquals(401, noKey.status(), noKey.body());
        assertEquals("UnrecognizedClientException", noKey.header("x-amzn-ErrorType"));

        for (String path : List.of("/model/nova-micro/invoke", "/model/nova-micro/invoke-with-response-stream", "/model/nova-micro",
                "/model/" + ARN.replace(":", "%3A").replace("/", "%2F") + "/invoke-with-response-stream")) {
            Http.Res r = http.post(path, body, "x-api-key", key);
            assertEquals(404, r.status(), path + ": " + r.body());
            assertEquals("UnknownOperationException", r.header("x-amzn-ErrorType"), path);
            assertEquals(List.of("message"), fieldNames(r.json()), path);
            assertTrue(r.json().path("message").asText().contains("POST /model/{modelId}/converse"), r.body());
        }
        Http.Res get = http.get("/model/nova-micro/converse", "x-api-key", key);
        assertEquals(404, get.status(), get.body());
        assertEquals("UnknownOperationException", get.header("x-amzn-ErrorType"));

        // an ARN over raw HTTP, encoded as the SDKs send it, and decoded once more if sent twice encoded
        Http.Res arn = http.post("/model/" + ARN.replace(":", "%3A").replace("/", "%2F") + "/converse", body, "x-api-key", key);
        assertEquals(200, arn.status(), arn.body());
        Http.Res twice = http.post("/model/" + ARN.replace(":", "%253A").replace("/", "%252F") + "/converse", body,
                "x-api-key", key, "cache-control", "no-cache");
        assertEquals(200, twice.status(), twice.body());

        Http.Res usage = http.get("/v1/usage?days=2", "x-api-key", key);
        assertEquals(7, usage.json().path("summary").path("total_requests").asLong(), usage.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
