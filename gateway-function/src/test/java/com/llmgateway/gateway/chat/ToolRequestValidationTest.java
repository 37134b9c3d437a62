package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ToolChoice;
import com.llmgateway.gateway.testing.TestCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** OpenAI tools, tool_choice, assistant tool_calls and tool messages: what is accepted, and 400s naming the param. */
class ToolRequestValidationTest {

    private final ChatRequestParser parser = new ChatRequestParser(TestCatalog.catalog());

    private static final String WEATHER = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Weather in a city\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}";
    private static final String TIME = "{\"type\":\"function\",\"function\":{\"name\":\"get-time\"}}";
    private static final String USER = "{\"role\":\"user\",\"content\":\"Weather in Paris?\"}";
    private static final String CALL = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}";
    private static final String RESULT = "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18 C, sunny\"}";

    /** test-claude (tools supported) with the given tools JSON and extra fields. */
    private static String tools(String tools, String extra) {
        return "{\"model\":\"test-claude\",\"messages\":[" + USER + "],\"tools\":" + tools + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static final String PARAMS = "tools[0].function.parameters";

    /** One tool "f" with the given parameters. */
    private static String params(String schema) {
        return tools("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":" + schema + "}}]", "");
    }

    private static String conversation(String... messages) {
        return "{\"model\":\"test-claude\",\"tools\":[" + WEATHER + "],\"messages\":[" + String.join(",", messages) + "]}";
    }

    private static String call(String toolCall) {
        return "{\"role\":\"assistant\",\"tool_calls\":[" + toolCall + "]}";
    }

    private static String fn(String name, String arguments) {
        return "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":" + name + ",\"arguments\":" + arguments + "}}";
    }

    // ---- valid ---------------------------------------------------------------------------------

    @Test
    void maps_tools_to_tool_specs_with_their_schema_and_auto_choice() {
        ChatRequest r = parser.parse(tools("[" + WEATHER + "," + TIME + "]", ""));

        assertEquals(2, r.tools().tools().size());
        assertEquals("get_weather", r.tools().tools().get(0).name());
        assertEquals("Weather in a city", r.tools().tools().get(0).description());
        assertEquals(Json.parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"),
                r.tools().tools().get(0).inputSchema());
        assertNull(r.tools().tools().get(1).description());
        assertEquals(Json.parse("{\"type\":\"object\",\"properties\":{}}"), r.tools().tools().get(1).inputSchema(),
                "a function without parameters takes an empty object");
        assertEquals(ToolChoice.AUTO, r.tools().choice());
    }

    @Test
    void keeps_a_valid_json_schema_as_given_and_reads_empty_parameters_as_an_object_without_properties() {
        String schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"properties\":{"
                + "\"unit\":{\"enum\":[\"C\",\"F\"]},\"days\":{\"type\":[\"integer\",\"null\"],\"minimum\":1},"
                + "\"where\":{\"$ref\":\"#/definitions/place\"}},\"definitions\":{\"place\":{\"type\":\"string\"}},"
                + "\"additionalProperties\":false}";
        assertEquals(Json.parse(schema), parser.parse(params(schema)).tools().tools().get(0).inputSchema());
        assertEquals(Json.parse("{\"type\":\"object\",\"properties\":{}}"),
                parser.parse(params("{}")).tools().tools().get(0).inputSchema());
    }

    @Test
    void a_schema_error_names_the_parameter_and_stays_short_whatever_the_caller_wrote() {
        String huge = "p".repeat(10_000);
        GatewayException e = assertThrows(GatewayException.class, () -> parser.parse(params(
                "{\"type\":\"object\",\"properties\":{\"" + huge + "\":{\"type\":\"" + huge + "\"}}}")));
        assertEquals(PARAMS, e.param());
        assertTrue(e.getMessage().startsWith("Invalid schema for function 'f': "), e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage());
        GatewayException type = assertThrows(GatewayException.class, () -> parser.parse(params("{\"type\":\"" + huge + "\"}")));
        assertTrue(type.getMessage().length() < 300, type.getMessage());
    }

    @Test
    void maps_each_tool_choice() {
        assertEquals(ToolChoice.AUTO, parser.parse(tools("[" + WEATHER + "]", "\"tool_choice\":\"auto\"")).tools().choice());
        assertEquals(ToolChoice.ANY, parser.parse(tools("[" + WEATHER + "]", "\"tool_choice\":\"required\"")).tools().choice());
        assertEquals(ToolChoice.tool("get-time"), parser.parse(tools("[" + WEATHER + "," + TIME + "]",
                "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get-time\"}}")).tools().choice());
        assertNull(parser.parse(tools("[" + WEATHER + "]", "\"tool_choice\":\"none\"")).tools(),
                "none sends no tool configuration: Converse has no 'none'");
        assertNull(parser.parse(tools("[]", "")).tools(), "an empty tools list offers no tools");
        assertNull(parser.parse("{\"model\":\"test-model\",\"messages\":[" + USER + "],\"tool_choice\":\"none\"}").tools());
    }

    @Test
    void maps_a_tool_round_trip_to_tool_use_and_tool_result_blocks() {
        ChatRequest r = parser.parse(conversation(USER, CALL, RESULT, "{\"role\":\"user\",\"content\":\"Thanks. And Rome?\"}"));

        assertEquals(3, r.messages().size(), "the tool message and the next user message form one user turn");
        ModelMessage assistant = r.messages().get(1);
        assertEquals(ModelMessage.Role.ASSISTANT, assistant.role());
        assertEquals(List.of(new ContentBlock.ToolUse("call_1", "get_weather", Json.parse("{\"city\":\"Paris\"}"))),
                assistant.content(), "null content with tool calls: no text block");
        ModelMessage user = r.messages().get(2);
        assertEquals(ModelMessage.Role.USER, user.role());
        assertEquals(List.of(new ContentBlock.ToolResult("call_1", List.of("18 C, sunny")),
                new ContentBlock.Text("Thanks. And Rome?")), user.content());
    }

    @Test
    void keeps_assistant_text_before_its_tool_calls_and_answers_parallel_calls_in_one_turn() {
        String two = "{\"role\":\"assistant\",\"content\":\"Checking both.\",\"tool_calls\":["
                + fn("\"get_weather\"", "\"{\\\"city\\\":\\\"Paris\\\"}\"") + ","
                + fn("\"get_weather\"", "\"{\\\"city\\\":\\\"Rome\\\"}\"").replace("call_1", "call_2") + "]}";
        ChatRequest r = parser.parse(conversation(USER, two, RESULT,
                "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":[{\"type\":\"text\",\"text\":\"22 C\"}]}"));

        List<ContentBlock> assistant = r.messages().get(1).content();
        assertEquals(new ContentBlock.Text("Checking both."), assistant.get(0));
        assertEquals("call_2", assertInstanceOf(ContentBlock.ToolUse.class, assistant.get(2)).id());
        List<ContentBlock> results = r.messages().get(2).content();
        assertEquals(2, results.size());
        assertEquals(new ContentBlock.ToolResult("call_2", List.of("22 C")), results.get(1));
    }

    @Test
    void takes_blank_arguments_as_an_empty_object() {
        ChatRequest r = parser.parse(conversation(USER, call(fn("\"get_weather\"", "\"\"")), RESULT));

        assertEquals(Json.object(), ((ContentBlock.ToolUse) r.messages().get(1).content().get(0)).input());
    }

    @Test
    void accepts_tool_history_without_tools() {
        String body = "{\"model\":\"test-model\",\"messages\":[" + USER + "," + CALL + "," + RESULT + "]}";

        ChatRequest r = parser.parse(body);

        assertNull(r.tools());
        assertTrue(r.messages().get(1).hasToolBlocks());
    }

    // ---- malformed -----------------------------------------------------------------------------

    static Stream<Arguments> malformedTools() {
        return Stream.of(
                arguments("tools an object", tools("{}", ""), "tools", "invalid_type"),
                // parameters: a JSON Schema of an object, checked against the meta-schema
                arguments("parameters of type string", params("{\"type\":\"string\"}"), PARAMS, "invalid_function_parameters"),
                arguments("parameters without type", params("{\"properties\":{\"a\":{\"type\":\"string\"}}}"), PARAMS,
                        "invalid_function_parameters"),
                arguments("parameters with type array", params("{\"type\":[\"object\"]}"), PARAMS, "invalid_function_parameters"),
                arguments("properties an array", params("{\"type\":\"object\",\"properties\":[]}"), PARAMS, "invalid_function_parameters"),
                arguments("properties a string", params("{\"type\":\"object\",\"properties\":\"city\"}"), PARAMS,
                        "invalid_function_parameters"),
                arguments("a type JSON Schema does not have", params("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"strin\"}}}"),
                        PARAMS, "invalid_function_parameters"),
                arguments("required not an array", params("{\"type\":\"object\",\"required\":\"a\"}"), PARAMS,
                        "invalid_function_parameters"),
                arguments("minimum a string", params("{\"type\":\"object\",\"properties\":{\"a\":{\"minimum\":\"one\"}}}"), PARAMS,
                        "invalid_function_parameters"),
                arguments("an unknown $schema", params("{\"$schema\":\"https://example.invalid/s\",\"type\":\"object\"}"), PARAMS,
                        "invalid_function_parameters"),
                arguments("second tool's schema invalid", tools("[" + WEATHER + ",{\"type\":\"function\",\"function\":{\"name\":\"g\","
                        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"nope\"}}}}}]", ""),
                        "tools[1].function.parameters", "invalid_function_parameters"),
                arguments("tool a string", tools("[\"get_weather\"]", ""), "tools[0]", "invalid_type"),
                arguments("tool without type", tools("[{\"function\":{\"name\":\"f\"}}]", ""), "tools[0].type", "missing_required_parameter"),
                arguments("tool of another type", tools("[{\"type\":\"retrieval\",\"function\":{\"name\":\"f\"}}]", ""), "tools[0].type", "invalid_value"),
                arguments("tool without function", tools("[{\"type\":\"function\"}]", ""), "tools[0].function", "missing_required_parameter"),
                arguments("function a string", tools("[{\"type\":\"function\",\"function\":\"f\"}]", ""), "tools[0].function", "invalid_type"),
                arguments("function without name", tools("[{\"type\":\"function\",\"function\":{}}]", ""), "tools[0].function.name", "missing_required_parameter"),
                arguments("name with a space", tools("[{\"type\":\"function\",\"function\":{\"name\":\"get weather\"}}]", ""), "tools[0].function.name", "invalid_value"),
                arguments("name too long", tools("[{\"type\":\"function\",\"function\":{\"name\":\"" + "a".repeat(65) + "\"}}]", ""), "tools[0].function.name", "invalid_value"),
                arguments("name a number", tools("[{\"type\":\"function\",\"function\":{\"name\":7}}]", ""), "tools[0].function.name", "invalid_type"),
                arguments("duplicate name", tools("[" + WEATHER + "," + TIME + "," + WEATHER + "]", ""), "tools[2].function.name", "invalid_value"),
                arguments("parameters an array", tools("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":[]}}]", ""), "tools[0].function.parameters", "invalid_type"),
                arguments("parameters a string", tools("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"{}\"}}]", ""), "tools[0].function.parameters", "invalid_type"),
                arguments("description a number", tools("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":1}}]", ""), "tools[0].function.description", "invalid_type"),
                arguments("strict a string", tools("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"strict\":\"yes\"}}]", ""), "tools[0].function.strict", "invalid_type"),
                arguments("too many tools", tools("[" + String.join(",", java.util.Collections.nCopies(129, TIME)) + "]", ""), "tools", "invalid_value"),
                arguments("tools on a model without tool support",
                        "{\"model\":\"test-model\",\"messages\":[" + USER + "],\"tools\":[" + WEATHER + "]}", "tools", "tools_not_supported"),
                arguments("parallel_tool_calls a string", tools("[" + WEATHER + "]", "\"parallel_tool_calls\":\"yes\""), "parallel_tool_calls", "invalid_type"));
    }

    static Stream<Arguments> malformedToolChoice() {
        String two = "[" + WEATHER + "," + TIME + "]";
        return Stream.of(
                arguments("unknown mode", tools(two, "\"tool_choice\":\"any\""), "tool_choice", "invalid_value"),
                arguments("a number", tools(two, "\"tool_choice\":1"), "tool_choice", "invalid_type"),
                arguments("an array", tools(two, "\"tool_choice\":[\"auto\"]"), "tool_choice", "invalid_type"),
                arguments("object without type", tools(two, "\"tool_choice\":{\"function\":{\"name\":\"get-time\"}}"), "tool_choice.type", "missing_required_parameter"),
                arguments("object of another type", tools(two, "\"tool_choice\":{\"type\":\"allowed_tools\"}"), "tool_choice.type", "invalid_value"),
                arguments("object without function", tools(two, "\"tool_choice\":{\"type\":\"function\"}"), "tool_choice.function", "missing_required_parameter"),
                arguments("function a string", tools(two, "\"tool_choice\":{\"type\":\"function\",\"function\":\"get-time\"}"), "tool_choice.function", "invalid_type"),
                arguments("function without name", tools(two, "\"tool_choice\":{\"type\":\"function\",\"function\":{}}"), "tool_choice.function.name", "missing_required_parameter"),
                arguments("name not among the tools", tools(two, "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"launch\"}}"), "tool_choice.function.name", "invalid_value"),
                arguments("name malformed", tools(two, "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"a b\"}}"), "tool_choice.function.name", "invalid_value"),
                arguments("required without tools", "{\"model\":\"test-claude\",\"messages\":[" + USER + "],\"tool_choice\":\"required\"}", "tool_choice", "invalid_value"),
                arguments("named function without tools", "{\"model\":\"test-claude\",\"messages\":[" + USER + "],\"tools\":[],"
                        + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}}", "tool_choice", "invalid_value"));
    }

    static Stream<Arguments> malformedToolMessages() {
        return Stream.of(
                arguments("tool_calls an object", conversation(USER, "{\"role\":\"assistant\",\"tool_calls\":{}}"), "messages[1].tool_calls", "invalid_type"),
                arguments("tool call a string", conversation(USER, call("\"call_1\"")), "messages[1].tool_calls[0]", "invalid_type"),
                arguments("tool call without id", conversation(USER, call("{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}")),
                        "messages[1].tool_calls[0].id", "missing_required_parameter"),
                arguments("tool call id with a slash", conversation(USER, call(fn("\"f\"", "\"{}\"").replace("call_1", "call/1"))),
                        "messages[1].tool_calls[0].id", "invalid_value"),
                arguments("tool call of another type", conversation(USER, call(fn("\"f\"", "\"{}\"").replace("\"function\",", "\"code\","))),
                        "messages[1].tool_calls[0].type", "invalid_value"),
                arguments("tool call without function", conversation(USER, call("{\"id\":\"call_1\",\"type\":\"function\"}")),
                        "messages[1].tool_calls[0].function", "missing_required_parameter"),
                arguments("tool call name malformed", conversation(USER, call(fn("\"get weather\"", "\"{}\""))),
                        "messages[1].tool_calls[0].function.name", "invalid_value"),
                arguments("arguments missing", conversation(USER, call("{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\"}}")),
                        "messages[1].tool_calls[0].function.arguments", "missing_required_parameter"),
                arguments("arguments an object, not a string", conversation(USER, call(fn("\"f\"", "{\"city\":\"Paris\"}"))),
                        "messages[1].tool_calls[0].function.arguments", "invalid_type"),
                arguments("arguments not JSON", conversation(USER, call(fn("\"f\"", "\"{city: Paris\""))),
                        "messages[1].tool_calls[0].function.arguments", "invalid_value"),
                arguments("arguments a JSON array", conversation(USER, call(fn("\"f\"", "\"[1,2]\""))),
                        "messages[1].tool_calls[0].function.arguments", "invalid_value"),
                arguments("duplicate call id", conversation(USER, "{\"role\":\"assistant\",\"tool_calls\":[" + fn("\"f\"", "\"{}\"") + ","
                        + fn("\"g\"", "\"{}\"") + "]}"), "messages[1].tool_calls[1].id", "invalid_value"),
                arguments("tool_calls on a user message", conversation("{\"role\":\"user\",\"content\":\"x\",\"tool_calls\":[" + fn("\"f\"", "\"{}\"") + "]}"),
                        "messages[0].tool_calls", "invalid_value"),
                arguments("tool message without tool_call_id", conversation(USER, CALL, "{\"role\":\"tool\",\"content\":\"18 C\"}"),
                        "messages[2].tool_call_id", "missing_required_parameter"),
                arguments("tool_call_id a number", conversation(USER, CALL, "{\"role\":\"tool\",\"tool_call_id\":1,\"content\":\"18 C\"}"),
                        "messages[2].tool_call_id", "invalid_type"),
                arguments("tool_call_id matching no call", conversation(USER, CALL, "{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"18 C\"}"),
                        "messages[2].tool_call_id", "invalid_value"),
                arguments("tool message without a preceding call", conversation(USER, RESULT), "messages[1].tool_call_id", "invalid_value"),
                arguments("tool answered twice", conversation(USER, CALL, RESULT, RESULT), "messages[3].tool_call_id", "invalid_value"),
                arguments("tool message without content", conversation(USER, CALL, "{\"role\":\"tool\",\"tool_call_id\":\"call_1\"}"),
                        "messages[2].content", "missing_required_parameter"),
                arguments("tool content a number", conversation(USER, CALL, "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":18}"),
                        "messages[2].content", "invalid_type"),
                arguments("call left unanswered at the end", conversation(USER, CALL), "messages[1].tool_calls", "invalid_value"),
                arguments("call unanswered before a user message", conversation(USER, CALL, "{\"role\":\"user\",\"content\":\"well?\"}"),
                        "messages[1].tool_calls", "invalid_value"),
                arguments("assistant content a number with tool calls",
                        conversation(USER, "{\"role\":\"assistant\",\"content\":5,\"tool_calls\":[" + fn("\"f\"", "\"{}\"") + "]}", RESULT),
                        "messages[1].content", "invalid_type"),
                arguments("legacy function_call on a message",
                        conversation(USER, "{\"role\":\"assistant\",\"content\":\"x\",\"function_call\":{\"name\":\"f\",\"arguments\":\"{}\"}}"),
                        "messages[1].function_call", "unsupported_parameter"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"malformedTools", "malformedToolChoice", "malformedToolMessages"})
    void rejects_malformed_tool_fields_with_a_400_naming_the_param(String name, String body, String param, String code) {
        GatewayException e = assertThrows(GatewayException.class, () -> parser.parse(body), name);

        assertEquals(400, e.status(), name);
        assertEquals(param, e.param(), name + ": " + e.getMessage());
        assertEquals(code, e.code(), name + ": " + e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void each_table_holds_at_least_ten_cases() {
        assertTrue(malformedTools().count() >= 10);
        assertTrue(malformedToolChoice().count() >= 10);
        assertTrue(malformedToolMessages().count() >= 10);
    }

    @Test
    void the_unsupported_model_error_names_the_model() {
        GatewayException e = assertThrows(GatewayException.class, () -> parser.parse(
                "{\"model\":\"test-model\",\"messages\":[" + USER + "],\"tools\":[" + WEATHER + "]}"));

        assertTrue(e.getMessage().contains("'test-model'"), e.getMessage());
        assertTrue(e.getMessage().contains("tool"), e.getMessage());
    }

    @Test
    void an_unanswered_call_error_names_the_call() {
        GatewayException e = assertThrows(GatewayException.class, () -> parser.parse(conversation(USER, CALL)));

        assertTrue(e.getMessage().contains("call_1"), e.getMessage());
    }

    @Test
    void a_tool_schema_is_kept_as_sent() {
        String schema = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":0.5}},\"additionalProperties\":false}";
        JsonNode kept = parser.parse(tools("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":" + schema + "}}]", ""))
                .tools().tools().get(0).inputSchema();

        assertEquals(Json.parse(schema), kept);
    }
}
