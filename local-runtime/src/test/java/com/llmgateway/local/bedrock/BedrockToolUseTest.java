package com.llmgateway.local.bedrock;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.bedrock.BedrockConfig;
import com.llmgateway.gateway.bedrock.BedrockModelClient;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.InferenceSettings;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ModelResult;
import com.llmgateway.gateway.model.ToolChoice;
import com.llmgateway.gateway.model.ToolConfig;
import com.llmgateway.gateway.model.ToolSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tool use through the real Bedrock Runtime SDK (toolConfig, toolUse, toolResult as Documents) against the stand-in over HTTP. */
class BedrockToolUseTest {

    private static final String MODEL_ID = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
    private static final ToolSpec WEATHER = new ToolSpec("get_weather", "Weather in a city", Json.parse("""
            {"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"},
             "unit":{"type":"string","enum":["celsius","fahrenheit"]},"note":{"type":"string"}},
             "required":["city","days","unit"]}"""));
    private static final ToolSpec SEARCH = new ToolSpec("search", null, Json.parse("""
            {"type":"object","properties":{"query":{"type":"string"},"exact":{"type":"boolean"},
             "filters":{"type":"object","properties":{"year":{"type":"number"},"tags":{"type":"array","items":{"type":"string"}}}},
             "nothing":{"type":"null"}}}"""));

    private BedrockStandIn standIn;
    private BedrockModelClient client;

    @BeforeEach
    void start() {
        standIn = BedrockStandIn.start(0);
        client = BedrockModelClient.create(BedrockConfig.local(standIn.endpoint(), Duration.ofSeconds(10), 1));
    }

    @AfterEach
    void stop() {
        client.close();
        standIn.close();
    }

    private static ModelCall call(List<ModelMessage> messages, ToolConfig tools) {
        return new ModelCall("claude-haiku-4-5", MODEL_ID, List.of(), messages, InferenceSettings.DEFAULTS, tools);
    }

    @Test
    void answers_a_tool_offer_with_a_tool_use_whose_input_follows_the_schema() {
        ModelResult r = client.converse(call(List.of(ModelMessage.user("Weather in Paris?")),
                new ToolConfig(List.of(WEATHER, SEARCH), ToolChoice.AUTO)));

        assertEquals("tool_use", r.stopReason());
        assertEquals("", r.text());
        ContentBlock.ToolUse use = r.toolUses().get(0);
        assertEquals("tooluse_1", use.id());
        assertEquals("get_weather", use.name(), "the first tool");
        assertEquals(Json.parse("{\"city\":\"example\",\"days\":1,\"unit\":\"celsius\"}"), use.input(),
                "required properties only, the schema went over as a Document");
        assertTrue(r.usage().inputTokens() > 0 && r.usage().outputTokens() > 0);
    }

    @Test
    void calls_the_forced_tool_and_reads_a_nested_input_back_from_the_document() {
        ModelResult r = client.converse(call(List.of(ModelMessage.user("Find it.")),
                new ToolConfig(List.of(WEATHER, SEARCH), ToolChoice.tool("search"))));

        ContentBlock.ToolUse use = r.toolUses().get(0);
        assertEquals("search", use.name());
        assertEquals(Json.parse("{\"query\":\"example\",\"exact\":true,\"filters\":{\"year\":1,\"tags\":[\"example\"]},\"nothing\":null}"),
                use.input());
    }

    @Test
    void accepts_the_any_choice() {
        ModelResult r = client.converse(call(List.of(ModelMessage.user("Go.")), new ToolConfig(List.of(SEARCH), ToolChoice.ANY)));

        assertEquals("search", r.toolUses().get(0).name());
    }

    @Test
    void sends_tool_use_and_tool_result_blocks_and_gets_the_final_text() {
        List<ModelMessage> conversation = List.of(
                ModelMessage.user("Weather in Paris?"),
                new ModelMessage(ModelMessage.Role.ASSISTANT, List.of(new ContentBlock.Text("Checking."),
                        new ContentBlock.ToolUse("tooluse_1", "get_weather",
                                Json.parse("{\"city\":\"Paris\",\"days\":2,\"unit\":\"celsius\",\"deep\":{\"x\":[1.5,true,null]}}")))),
                new ModelMessage(ModelMessage.Role.USER, List.of(new ContentBlock.ToolResult("tooluse_1", List.of("18 C, sunny")))));

        ModelResult r = client.converse(call(conversation, new ToolConfig(List.of(WEATHER), ToolChoice.AUTO)));

        assertEquals("end_turn", r.stopReason());
        assertEquals("Tool get_weather returned: 18 C, sunny", r.text());
        assertTrue(r.toolUses().isEmpty());
    }

    @Test
    void numbers_the_next_tool_use_after_those_in_the_conversation() {
        List<ModelMessage> conversation = List.of(
                ModelMessage.user("Weather in Paris?"),
                new ModelMessage(ModelMessage.Role.ASSISTANT, List.of(new ContentBlock.ToolUse("tooluse_1", "get_weather",
                        Json.parse("{\"city\":\"Paris\"}")))),
                new ModelMessage(ModelMessage.Role.USER, List.of(new ContentBlock.ToolResult("tooluse_1", List.of("18 C")))),
                ModelMessage.assistant("18 C."),
                ModelMessage.user("And Rome?"));

        ModelResult r = client.converse(call(conversation, new ToolConfig(List.of(WEATHER), ToolChoice.AUTO)));

        assertEquals("tooluse_2", r.toolUses().get(0).id());
    }

    @Test
    void tool_blocks_without_a_tool_configuration_travel_as_text_because_bedrock_refuses_them_as_blocks() {
        List<ModelMessage> conversation = List.of(
                ModelMessage.user("Weather in Paris?"),
                new ModelMessage(ModelMessage.Role.ASSISTANT, List.of(new ContentBlock.ToolUse("tooluse_1", "get_weather",
                        Json.object()))),
                new ModelMessage(ModelMessage.Role.USER, List.of(new ContentBlock.ToolResult("tooluse_1", List.of("18 C")))));

        // The Bedrock adapter fits the call (BedrockQuirks): the stand-in, like Bedrock, would refuse the blocks.
        ModelResult r = client.converse(call(conversation, null));

        assertTrue(r.text().contains("[tool result tooluse_1: 18 C]"), r.text());
        assertTrue(r.toolUses().isEmpty());
    }

    @Test
    void a_result_for_an_unknown_tool_use_is_a_validation_error() {
        List<ModelMessage> conversation = List.of(
                ModelMessage.user("Weather in Paris?"),
                new ModelMessage(ModelMessage.Role.ASSISTANT, List.of(new ContentBlock.ToolUse("tooluse_1", "get_weather",
                        Json.object()))),
                new ModelMessage(ModelMessage.Role.USER, List.of(new ContentBlock.ToolResult("tooluse_9", List.of("18 C")))));

        GatewayException e = assertThrows(GatewayException.class,
                () -> client.converse(call(conversation, new ToolConfig(List.of(WEATHER), ToolChoice.AUTO))));

        assertEquals(400, e.status());
    }
}
