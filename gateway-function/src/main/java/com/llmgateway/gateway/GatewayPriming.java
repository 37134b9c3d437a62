package com.llmgateway.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.LambdaEvents;
import com.llmgateway.core.snapstart.CannedHttpClient;
import com.llmgateway.core.snapstart.Priming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * gateway-function's SnapStart dry run: its real handler, on throwaway SDK clients over a
 * {@link CannedHttpClient} (DynamoDB answers "nothing there", Bedrock a one-word reply), answers
 * the requests a sandbox sees first: health, the model list, a chat completion with a tool (the
 * JSON Schema validator's meta-schemas), a cached one (lookup and store), a Converse call and an
 * MCP tools/list. So the request pipeline, Jackson on real-shaped events and bodies, the SDK's
 * DynamoDB and Converse marshallers and unmarshallers, and the signer have all run before the
 * snapshot; the sandbox's own clients stay as built (they have opened no connection).
 */
public final class GatewayPriming {

    /** A Converse reply as Bedrock sends it. */
    public static final String CONVERSE_REPLY = "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"primed\"}]}},"
            + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":3,\"outputTokens\":1,\"totalTokens\":4},\"metrics\":{\"latencyMs\":1}}";

    private GatewayPriming() {
    }

    /** The dry run on a canned HTTP client of its own. */
    public static void dryRun(Env env) {
        dryRun(env, new CannedHttpClient(request -> CONVERSE_REPLY));
    }

    /** The dry run on the given canned client; the responses' status codes, in order (tests check them). */
    public static List<Integer> dryRun(Env env, CannedHttpClient http) {
        GatewayWiring wiring = GatewayWiring.onHttpClient(env, http);
        GatewayHandler handler = new GatewayHandler(wiring);
        var context = Priming.context("gateway");
        List<Integer> statuses = new ArrayList<>();
        for (APIGatewayV2HTTPEvent event : events(wiring)) {
            // Through the stream entry, as Lambda calls it: the event mapping is primed too.
            APIGatewayV2HTTPResponse response = LambdaEvents.roundTrip(handler::handleRequest, event, context);
            statuses.add(response.getStatusCode());
        }
        return statuses;
    }

    static List<APIGatewayV2HTTPEvent> events(GatewayWiring wiring) {
        Map<String, String> caller = Priming.caller(Set.of("invoke"));
        ModelInfo model = wiring.models().catalog().models().get(0);
        String name = model.name();
        String chat = "{\"model\":\"" + name + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"priming\"}],\"max_tokens\":16,\"temperature\":0.5}";
        String tools = "{\"model\":\"" + name + "\",\"messages\":[{\"role\":\"user\",\"content\":\"priming\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"description\":\"d\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}}}],"
                + "\"tool_choice\":\"auto\"}";
        String converse = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"priming\"}]}],"
                + "\"inferenceConfig\":{\"maxTokens\":16}}";
        String mcp = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
        APIGatewayV2HTTPEvent noStore = Priming.event("POST", "/v1/chat/completions", "POST /v1/chat/completions", null, tools, caller);
        noStore.getHeaders().put("cache-control", "no-store");
        String modelId = model.invokeId();
        APIGatewayV2HTTPEvent converseEvent = Priming.event("POST", "/model/" + modelId + "/converse",
                "POST /model/{modelId}/converse", null, converse, caller);
        converseEvent.setPathParameters(Map.of("modelId", modelId));
        return List.of(
                Priming.event("GET", "/health", "GET /health", null, null, null),
                Priming.event("GET", "/v1/models", "GET /v1/models", null, null, caller),
                noStore,
                Priming.event("POST", "/v1/chat/completions", "POST /v1/chat/completions", null, chat, caller),
                converseEvent,
                Priming.event("POST", "/mcp", "POST /mcp", null, mcp, caller));
    }
}
