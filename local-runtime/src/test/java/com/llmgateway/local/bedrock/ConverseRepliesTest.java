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
            "blank system | {'messages':[{'role':'user','content':[{'text':'a'}]}],'system':[{'text':''}]} | system",
            "tool use without toolConfig | {'messages':[{'role':'user','content':[{'text':'a'}]},{'role':'assistant','content':[{'toolUse':{'toolUseId':'t1','name':'f','input':{}}}]},{'role':'user','content':[{'toolResult':{'toolUseId':'t1','content':[{'text':'r'}]}}]}]} | toolConfig field must be defined",
            "tool result for no tool use | {'messages':[{'role':'user','content':[{'toolResult':{'toolUseId':'t1','content':[{'text':'r'}]}}]}],'toolConfig':{'tools':[{'toolSpec':{'name':'f','inputSchema':{'json':{}}}}]}} | does not match a toolUse",
            "tool use left unanswered | {'messages':[{'role':'user','content':[{'text':'a'}]},{'role':'assistant','content':[{'toolUse':{'toolUseId':'t1','name':'f','input':{}}}]},{'role':'user','content':[{'text':'b'}]}],'toolConfig':{'tools':[{'toolSpec':{'name':'f','inputSchema':{'json':{}}}}]}} | Expected toolResult",
            "tool use in a user turn | {'messages':[{'role':'user','content':[{'toolUse':{'toolUseId':'t1','name':'f','input':{}}}]}],'toolConfig':{'tools':[{'toolSpec':{'name':'f','inputSchema':{'json':{}}}}]}} | only allowed in assistant",
            "tool input not an object | {'messages':[{'role':'user','content':[{'text':'a'}]},{'role':'assistant','content':[{'toolUse':{'toolUseId':'t1','name':'f','input':'x'}}]}],'toolConfig':{'tools':[{'toolSpec':{'name':'f','inputSchema':{'json':{}}}}]}} | input object",
            "no tools | {'messages':[{'role':'user','content':[{'text':'a'}]}],'toolConfig':{'tools':[]}} | at least one tool",
            "bad tool name | {'messages':[{'role':'user','content':[{'text':'a'}]}],'toolConfig':{'tools':[{'toolSpec':{'name':'a b','inputSchema':{'json':{}}}}]}} | toolSpec.name",
            "duplicate tool | {'messages':[{'role':'user','content':[{'text':'a'}]}],'toolConfig':{'tools':[{'toolSpec':{'name':'f','inputSchema':{'json':{}}}},{'toolSpec':{'name':'f','inputSchema':{'json':{}}}}]}} | twice",
            "no input schema | {'messages':[{'role':'user','content':[{'text':'a'}]}],'toolConfig':{'tools':[{'toolSpec':{'name':'f'}}]}} | inputSchema.json",
            "forced unknown tool | {'messages':[{'role':'user','content':[{'text':'a'}]}],'toolConfig':{'tools':[{'toolSpec':{'name':'f','inputSchema':{'json':{}}}}],'toolChoice':{'tool':{'name':'g'}}}} | toolChoice.tool.name",
            "two tool choices | {'messages':[{'role':'user','content':[{'text':'a'}]}],'toolConfig':{'tools':[{'toolSpec':{'name':'f','inputSchema':{'json':{}}}}],'toolChoice':{'auto':{},'any':{}}}} | exactly one"})
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

    private static final String TOOLS = "'toolConfig':{'tools':[{'toolSpec':{'name':'lookup','description':'Look up','inputSchema':{'json':"
            + "{'type':'object','properties':{'q':{'type':'string'},'n':{'type':'integer'},'opt':{'type':'string'}},'required':['q','n']}}}},"
            + "{'toolSpec':{'name':'other','inputSchema':{'json':{'type':'object'}}}}]";

    @Test
    void answers_a_tool_offer_with_a_deterministic_tool_use_of_the_first_tool() {
        JsonNode request = json("{'messages':[{'role':'user','content':[{'text':'find x'}]}]," + TOOLS + "}}");
        assertNull(ConverseReplies.validate(request));

        JsonNode reply = ConverseReplies.reply("m1", request, 3);

        assertEquals("tool_use", reply.get("stopReason").asText());
        JsonNode use = reply.at("/output/message/content/0/toolUse");
        assertEquals("tooluse_1", use.get("toolUseId").asText());
        assertEquals("lookup", use.get("name").asText());
        assertEquals(json("{'q':'example','n':1}"), use.get("input"));
        assertEquals(ConverseReplies.tokens("lookup".length() + "{\"q\":\"example\",\"n\":1}".length()),
                reply.at("/usage/outputTokens").asLong());
        long toolTokens = ConverseReplies.tokens("lookup".length() + "Look up".length()
                + Json.write(request.at("/toolConfig/tools/0/toolSpec/inputSchema/json")).length())
                + ConverseReplies.tokens("other".length() + "{\"type\":\"object\"}".length());
        assertEquals(ConverseReplies.tokens("find x".length()) + toolTokens, reply.at("/usage/inputTokens").asLong(),
                "the tool specs count as input");
    }

    @Test
    void calls_the_forced_tool() {
        JsonNode request = json("{'messages':[{'role':'user','content':[{'text':'x'}]}]," + TOOLS + ",'toolChoice':{'tool':{'name':'other'}}}}");
        assertNull(ConverseReplies.validate(request));

        assertEquals("other", ConverseReplies.reply("m1", request, 0).at("/output/message/content/0/toolUse/name").asText());
    }

    @Test
    void reports_the_tool_results_of_the_last_user_turn() {
        JsonNode request = json("{'messages':[{'role':'user','content':[{'text':'find x'}]},"
                + "{'role':'assistant','content':[{'toolUse':{'toolUseId':'tooluse_1','name':'lookup','input':{'q':'x','n':1}}},"
                + "{'toolUse':{'toolUseId':'tooluse_2','name':'other','input':{}}}]},"
                + "{'role':'user','content':[{'toolResult':{'toolUseId':'tooluse_1','content':[{'text':'found'}]}},"
                + "{'toolResult':{'toolUseId':'tooluse_2','content':[{'json':{'a':1}}],'status':'error'}}]}]," + TOOLS + "}}");
        assertNull(ConverseReplies.validate(request));

        JsonNode reply = ConverseReplies.reply("m1", request, 0);

        assertEquals("end_turn", reply.get("stopReason").asText());
        assertEquals("Tool lookup returned: found; Tool other returned: {\"a\":1}", reply.at("/output/message/content/0/text").asText());
    }

    @Test
    void builds_examples_from_schemas() {
        assertEquals(json("{'a':'example','b':[1],'c':{'d':true}}"), ConverseReplies.example(json(
                "{'properties':{'a':{'type':'string'},'b':{'type':'array','items':{'type':'number'}},"
                        + "'c':{'type':'object','properties':{'d':{'type':'boolean'}}}}}")));
        assertEquals(json("'red'"), ConverseReplies.example(json("{'type':'string','enum':['red','blue']}")));
        assertEquals(json("{}"), ConverseReplies.example(json("{'type':'object'}")));
    }
}
