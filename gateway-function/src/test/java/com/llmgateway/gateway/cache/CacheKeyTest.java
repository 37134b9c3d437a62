package com.llmgateway.gateway.cache;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.chat.ChatRequestParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheKeyTest {

    private static final ModelCatalog CATALOG = ModelCatalog.fromJson("""
            {"models":[
              {"name":"nova-micro","bedrock_model_id":"amazon.nova-micro-v1:0","inference_profile_id":"us.amazon.nova-micro-v1:0",
               "provider":"amazon","context_window":128000,"max_output_tokens":10000,
               "input_price_per_1m":"0.035","output_price_per_1m":"0.14","aliases":["nova-tiny"],
               "description":"test","capabilities":{"system":true,"tools":true,"vision":false},"lifecycle":"active"},
              {"name":"nova-lite","bedrock_model_id":"amazon.nova-lite-v1:0","inference_profile_id":"us.amazon.nova-lite-v1:0",
               "provider":"amazon","context_window":300000,"max_output_tokens":10000,
               "input_price_per_1m":"0.06","output_price_per_1m":"0.24","aliases":[],
               "description":"test","capabilities":{"system":true,"tools":true,"vision":true},"lifecycle":"active"}
            ]}""");

    private static final String BASE = """
            {"model":"nova-micro","temperature":0.7,"max_tokens":100,
             "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}]}""";

    private static ModelInfo model(String name) {
        return CATALOG.resolve(name).orElseThrow();
    }

    private static CacheKey key(String body) {
        return key(body, "nova-micro");
    }

    /** The key of an OpenAI body as the pipeline computes it: from the neutral request it parses into. */
    private static CacheKey key(String body, String modelName) {
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(body);
        tree.put("model", modelName);
        return CacheKey.of(new ChatRequestParser(CATALOG).parse(Json.write(tree)));
    }

    @Test
    void key_is_64_lower_case_hex_and_stable() {
        CacheKey k = key(BASE);
        assertTrue(k.hash().matches("[0-9a-f]{64}"));
        assertEquals(k, key(BASE));
    }

    @Test
    void key_order_and_whitespace_do_not_matter() {
        String reordered = """
                {
                  "messages" : [ { "content" : "Be brief.", "role" : "system" },
                                 { "content":"Hello", "role":"user" } ],
                  "max_tokens" : 100,
                  "temperature" : 0.7,
                  "model" : "nova-micro"
                }""";
        assertEquals(key(BASE), key(reordered));
    }

    @Test
    void equal_numbers_written_differently_share_a_key() {
        assertEquals(key(BASE), key(BASE.replace("0.7", "0.70")));
        assertEquals(key(BASE), key(BASE.replace("0.7", "7e-1")));
        assertEquals(key(BASE), key(BASE.replace("100", "100.0")));
        assertEquals(key(BASE), key(BASE.replace("100", "1E+2")));
    }

    @Test
    void alias_name_and_bedrock_ids_of_one_model_share_a_key() {
        CacheKey byName = key(BASE, "nova-micro");
        assertEquals(byName, key(BASE.replace("\"nova-micro\"", "\"nova-tiny\""), "nova-tiny"));
        assertEquals(byName, key(BASE, "amazon.nova-micro-v1:0"));
        assertEquals(byName, key(BASE, "us.amazon.nova-micro-v1:0"));
    }

    @Test
    void another_model_gets_another_key() {
        assertNotEquals(key(BASE, "nova-micro"), key(BASE, "nova-lite"));
    }

    @Test
    void string_content_and_the_single_text_part_share_a_key() {
        String parts = BASE.replace("\"content\":\"Hello\"", "\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]");
        assertEquals(key(BASE), key(parts));
    }

    @Test
    void two_text_parts_are_not_the_joined_string() {
        String twoParts = BASE.replace("\"content\":\"Hello\"",
                "\"content\":[{\"type\":\"text\",\"text\":\"Hel\"},{\"type\":\"text\",\"text\":\"lo\"}]");
        assertNotEquals(key(BASE), key(twoParts));
    }

    @Test
    void max_completion_tokens_is_max_tokens() {
        assertEquals(key(BASE), key(BASE.replace("\"max_tokens\"", "\"max_completion_tokens\"")));
        assertEquals(key(BASE), key(BASE.replace("\"max_tokens\":100", "\"max_tokens\":100,\"max_completion_tokens\":100")));
        assertNotEquals(key(BASE), key(BASE.replace("\"max_tokens\":100", "\"max_tokens\":100,\"max_completion_tokens\":50")));
    }

    @Test
    void stop_as_a_string_is_a_one_element_list_and_empty_stop_is_none() {
        assertEquals(key(BASE.replace("{\"model\"", "{\"stop\":\"END\",\"model\"")),
                key(BASE.replace("{\"model\"", "{\"stop\":[\"END\"],\"model\"")));
        assertEquals(key(BASE), key(BASE.replace("{\"model\"", "{\"stop\":[],\"model\"")));
        assertNotEquals(key(BASE), key(BASE.replace("{\"model\"", "{\"stop\":\"END\",\"model\"")));
    }

    @Test
    void fields_that_do_not_change_the_answer_are_left_out() {
        String extra = BASE.replace("{\"model\"", """
                {"user":"u-42","stream":true,"stream_options":{"include_usage":true},"n":1,
                 "metadata":{"trace":"abc"},"store":false,"response_format":{"type":"text"},"seed":null,"model\"""");
        assertEquals(key(BASE), key(extra));
    }

    @Test
    void null_message_fields_count_as_absent() {
        String withNulls = BASE.replace("{\"role\":\"user\",\"content\":\"Hello\"}",
                "{\"role\":\"user\",\"content\":\"Hello\",\"name\":null}");
        assertEquals(key(BASE), key(withNulls));
    }

    @Test
    void a_change_to_anything_that_shapes_the_answer_changes_the_key() {
        CacheKey base = key(BASE);
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";
        String[] variants = {
                BASE.replace("0.7", "0.8"),                                        // temperature
                BASE.replace("\"Hello\"", "\"Hello!\""),                           // user message
                BASE.replace("\"Be brief.\"", "\"Be verbose.\""),                  // system prompt
                BASE.replace("100", "101"),                                        // max_tokens
                BASE.replace("{\"model\"", "{\"top_p\":0.9,\"model\""),
                BASE.replace("{\"model\"", "{" + tools + ",\"model\""),
                BASE.replace("{\"model\"", "{" + tools + ",\"tool_choice\":\"required\",\"model\""),
                BASE.replace(",\"max_tokens\":100", ""),                           // absent is not 100
        };
        for (String v : variants) {
            assertNotEquals(base, key(v), v);
        }
        String withTools = BASE.replace("{\"model\"", "{" + tools + ",\"model\"");
        assertNotEquals(key(withTools), key(withTools.replace("get_weather", "get_time")));
    }

    @Test
    void message_order_matters() {
        String swapped = """
                {"model":"nova-micro","temperature":0.7,"max_tokens":100,
                 "messages":[{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi"},{"role":"user","content":"Bye"}]}""";
        assertNotEquals(key(swapped), key(swapped.replace("Hello", "@").replace("Bye", "Hello").replace("@", "Bye")));
    }

    @Test
    void what_never_reaches_the_model_does_not_split_the_key() {
        for (String extra : new String[]{"\"seed\":7", "\"x_unknown_field\":1", "\"user\":\"u-1\"", "\"stream\":true",
                "\"presence_penalty\":0.5", "\"n\":1", "\"response_format\":{\"type\":\"text\"}"}) {
            assertEquals(key(BASE), key(BASE.replace("{\"model\"", "{" + extra + ",\"model\"")), extra);
        }
    }

    @Test
    void canonical_form_is_sorted_compact_json_of_the_neutral_request() {
        String form = CacheKey.canonicalForm(new ChatRequestParser(CATALOG).parse(
                "{\"model\":\"nova-micro\",\"temperature\":0.50,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
        assertEquals("{\"messages\":[{\"content\":[{\"text\":\"Hi\"}],\"role\":\"user\"}],"
                + "\"model_id\":\"us.amazon.nova-micro-v1:0\",\"system\":[],\"temperature\":0.5,\"v\":2}", form);
    }
}
