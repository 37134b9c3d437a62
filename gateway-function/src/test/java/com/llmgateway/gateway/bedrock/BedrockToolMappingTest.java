package com.llmgateway.gateway.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.InferenceSettings;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ModelResult;
import com.llmgateway.gateway.model.ToolChoice;
import com.llmgateway.gateway.model.ToolConfig;
import com.llmgateway.gateway.model.ToolSpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.Type;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The neutral tool records to the SDK's Converse types and back, Jackson trees as Documents. */
class BedrockToolMappingTest {

    private static final JsonNode SCHEMA = Json.parse("""
            {"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1,"maximum":10000000000},
             "ratio":{"type":"number","multipleOf":0.25},"tags":{"type":"array","items":{"type":"string"}},"x":null,"ok":true},
             "required":["city"]}""");

    private static ModelCall call(ToolConfig tools, List<ModelMessage> messages) {
        return new ModelCall("m", "us.m-v1:0", List.of(), messages, InferenceSettings.DEFAULTS, tools);
    }

    @Test
    void sends_tool_specs_with_their_schema_as_a_document_and_each_choice() {
        ToolConfig tools = new ToolConfig(List.of(new ToolSpec("get_weather", "Weather", SCHEMA),
                new ToolSpec("noop", null, Json.parse("{\"type\":\"object\",\"properties\":{}}"))), ToolChoice.AUTO);

        ConverseRequest r = BedrockModelClient.toRequest(call(tools, List.of(ModelMessage.user("hi"))));

        var spec = r.toolConfig().tools().get(0).toolSpec();
        assertEquals("get_weather", spec.name());
        assertEquals("Weather", spec.description());
        assertEquals(SCHEMA, Documents.toJson(spec.inputSchema().json()));
        assertNull(r.toolConfig().tools().get(1).toolSpec().description());
        assertNotNull(r.toolConfig().toolChoice().auto());
        assertNotNull(BedrockModelClient.toRequest(call(new ToolConfig(tools.tools(), ToolChoice.ANY), List.of(ModelMessage.user("hi"))))
                .toolConfig().toolChoice().any());
        assertEquals("noop", BedrockModelClient.toRequest(call(new ToolConfig(tools.tools(), ToolChoice.tool("noop")),
                List.of(ModelMessage.user("hi")))).toolConfig().toolChoice().tool().name());
    }

    @Test
    void sends_no_tool_config_for_a_call_without_tools() {
        assertNull(BedrockModelClient.toRequest(call(null, List.of(ModelMessage.user("hi")))).toolConfig());
    }

    @Test
    void sends_tool_use_and_tool_result_blocks() {
        List<ModelMessage> messages = List.of(ModelMessage.user("Weather?"),
                new ModelMessage(ModelMessage.Role.ASSISTANT, List.of(new ContentBlock.Text("Checking."),
                        new ContentBlock.ToolUse("call_1", "get_weather", Json.parse("{\"city\":\"Paris\",\"days\":3}")))),
                new ModelMessage(ModelMessage.Role.USER, List.of(new ContentBlock.ToolResult("call_1", List.of("18 C", "sunny")),
                        new ContentBlock.Text("Thanks"))));

        ConverseRequest r = BedrockModelClient.toRequest(call(new ToolConfig(List.of(new ToolSpec("get_weather", null, SCHEMA)), null), messages));

        Message assistant = r.messages().get(1);
        assertEquals(ConversationRole.ASSISTANT, assistant.role());
        assertEquals("Checking.", assistant.content().get(0).text());
        ToolUseBlock use = assistant.content().get(1).toolUse();
        assertEquals("call_1", use.toolUseId());
        assertEquals("get_weather", use.name());
        assertEquals(Document.fromMap(Map.of("city", Document.fromString("Paris"), "days", Document.fromNumber(3))), use.input());
        Message user = r.messages().get(2);
        assertEquals(Type.TOOL_RESULT, user.content().get(0).type());
        assertEquals("call_1", user.content().get(0).toolResult().toolUseId());
        assertEquals(List.of("18 C", "sunny"), user.content().get(0).toolResult().content().stream().map(c -> c.text()).toList());
        assertNull(user.content().get(0).toolResult().status(), "no status: Converse takes it for Anthropic models only");
        assertEquals("Thanks", user.content().get(1).text());
    }

    @Test
    void reads_tool_uses_back_beside_the_text() {
        ConverseResponse response = ConverseResponse.builder()
                .output(ConverseOutput.fromMessage(Message.builder().role(ConversationRole.ASSISTANT).content(
                        software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromText("Let me look."),
                        software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromToolUse(ToolUseBlock.builder()
                                .toolUseId("tooluse_abc").name("get_weather")
                                .input(Document.fromMap(Map.of("city", Document.fromString("Oslo"),
                                        "n", Document.fromNumber(SdkNumber.fromBigDecimal(new BigDecimal("2.50"))),
                                        "list", Document.fromList(List.of(Document.fromBoolean(false), Document.fromNull())))))
                                .build())).build()))
                .stopReason("tool_use")
                .build();

        ModelResult r = BedrockModelClient.toResult(response, 12);

        assertEquals("Let me look.", r.text());
        assertEquals("tool_use", r.stopReason());
        ContentBlock.ToolUse use = r.toolUses().get(0);
        assertEquals("tooluse_abc", use.id());
        assertEquals("get_weather", use.name());
        assertEquals("Oslo", use.input().get("city").asText());
        assertEquals(0, new BigDecimal("2.5").compareTo(use.input().get("n").decimalValue()));
        assertEquals(Json.parse("[false,null]"), use.input().get("list"));
    }

    @Test
    void documents_round_trip_every_json_kind_and_keep_numbers_exact() {
        JsonNode tree = Json.parse("{\"s\":\"x\",\"i\":7,\"l\":12345678901,\"big\":123456789012345678901234567890,"
                + "\"d\":0.1,\"neg\":-3.25e2,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[2,{\"k\":\"v\"}]],\"o\":{}}");

        Document doc = Documents.fromJson(tree);
        JsonNode back = Documents.toJson(doc);

        assertEquals(tree.get("s"), back.get("s"));
        assertEquals(7, back.get("i").intValue());
        assertTrue(back.get("l").isLong());
        assertEquals("123456789012345678901234567890", back.get("big").bigIntegerValue().toString());
        assertEquals(0, new BigDecimal("0.1").compareTo(back.get("d").decimalValue()));
        assertEquals(0, new BigDecimal("-325").compareTo(back.get("neg").decimalValue()));
        assertEquals(Json.parse("[1,[2,{\"k\":\"v\"}]]"), back.get("a"));
        assertTrue(back.get("n").isNull() && back.get("t").booleanValue() && !back.get("f").booleanValue());
        assertTrue(back.get("o").isObject() && back.get("o").isEmpty());
    }
}
