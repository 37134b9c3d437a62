package com.llmgateway.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-in's Converse rules: Bedrock's request checks and the deterministic reply. */
class ConverseRepliesTest {

    private static JsonNode json(String text) {
        return Json.parse(text.replace('\'', '"'));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no messages | {'messages':[]} | at least one message",
            "assistant first | {'messages':[{'role':'assistant','content':[{'text':'a'}]}]} | start with a user message",
            "roles not alternating | {'messages':[{'role':'user','content':[{'text':'a'}]},{'role':'user','content':[{'text':'b'}]}]} | alternate",
            "blank text | {'messages':[{'role':'user','content':[{'text':' '}]}]} | is blank",
            "unknown role | {'messages':[{'role':'system','content':[{'text':'a'}]}]} | user or assistant",
            "temperature above 1 | {'messages':[{'role':'user','content':[{'text':'a'}]}],'inferenceConfig':{'temperature':1.5}} | temperature",
            "max tokens zero | {'messages':[{'role':'user','content':[{'text':'a'}]}],'inferenceConfig':{'maxTokens':0}} | maxTokens",
            "blank system | {'messages':[{'role':'user','content':[{'text':'a'}]}],'system':[{'text':''}]} | system"})
    void refuses_what_bedrock_refuses(String name, String request, String messagePart) {
        String problem = ConverseReplies.validate(json(request));

        assertTrue(problem != null && problem.contains(messagePart), name + ": " + problem);
    }

    @Test
    void accepts_a_valid_conversation() {
        assertNull(ConverseReplies.validate(json("{'system':[{'text':'s'}],'messages':[{'role':'user','content':[{'text':'a'}]},"
                + "{'role':'assistant','content':[{'text':'b'}]},{'role':'user','content':[{'text':'c'},{'text':'d'}]}],"
                + "'inferenceConfig':{'maxTokens':10,'temperature':1,'topP':0.5,'stopSequences':['x']}}")));
    }

    @Test
    void echoes_the_first_twelve_words_of_the_last_user_message_with_token_counts() {
        JsonNode request = json("{'system':[{'text':'12345'}],'messages':[{'role':'user','content':[{'text':'old'}]},"
                + "{'role':'assistant','content':[{'text':'ok'}]},"
                + "{'role':'user','content':[{'text':'one two three four five six seven eight nine ten eleven twelve thirteen'}]}]}");

        JsonNode reply = ConverseReplies.reply("m1", request, 7);

        String text = "Echo from m1: one two three four five six seven eight nine ten eleven twelve";
        assertEquals(text, reply.at("/output/message/content/0/text").asText());
        assertEquals("assistant", reply.at("/output/message/role").asText());
        assertEquals("end_turn", reply.get("stopReason").asText());
        long input = 2 + 1 + 1 + 18; // ceil(5/4), ceil(3/4), ceil(2/4), ceil(71/4)
        assertEquals(input, reply.at("/usage/inputTokens").asLong());
        assertEquals((text.length() + 3) / 4, reply.at("/usage/outputTokens").asLong());
        assertEquals(input + (text.length() + 3) / 4, reply.at("/usage/totalTokens").asLong());
        assertEquals(7, reply.at("/metrics/latencyMs").asLong());
    }

    @Test
    void cuts_at_the_earliest_stop_sequence() {
        JsonNode reply = ConverseReplies.reply("m1", json("{'messages':[{'role':'user','content':[{'text':'a b c d'}]}],"
                + "'inferenceConfig':{'stopSequences':['d',' c']}}"), 0);

        assertEquals("Echo from m1: a b", reply.at("/output/message/content/0/text").asText());
        assertEquals("stop_sequence", reply.get("stopReason").asText());
    }

    @Test
    void truncates_at_max_tokens() {
        JsonNode reply = ConverseReplies.reply("m1", json("{'messages':[{'role':'user','content':[{'text':'a b c d'}]}],"
                + "'inferenceConfig':{'maxTokens':2}}"), 0);

        assertEquals("Echo fro", reply.at("/output/message/content/0/text").asText());
        assertEquals("max_tokens", reply.get("stopReason").asText());
        assertEquals(2, reply.at("/usage/outputTokens").asLong());
    }
}
