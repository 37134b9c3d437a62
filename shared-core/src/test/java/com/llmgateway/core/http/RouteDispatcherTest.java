package com.llmgateway.core.http;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteDispatcherTest {

    private static final RouteTable TABLE = RouteTable.parse(Json.parse("""
            {"routes":{
              "GET /open": {"function":"f","authorized":false},
              "GET /items/{id}": {"function":"f","authorized":true,"scope":"any"},
              "POST /items": {"function":"f","authorized":true,"scope":"invoke"},
              "GET /theirs": {"function":"g","authorized":true,"scope":"any"}
            }}"""));

    private static final RouteDispatcher.Handler ECHO = (request, caller) -> ApiResponse.json(200,
            Json.object().put("route", request.routeKey()).put("team", caller == null ? null : caller.teamId())
                    .put("id", request.path("id")));

    private static RouteDispatcher all() {
        return RouteDispatcher.forFunction("f", TABLE).route(ECHO, "GET /open", "GET /items/{id}", "POST /items").build();
    }

    private static ApiRequest request(String routeKey, String method, String path, Map<String, String> authorizer) {
        return new ApiRequest(routeKey, method, path, "", Map.of(), Map.of(), Map.of(), "", "req-1", "127.0.0.1", 0, authorizer);
    }

    private static Map<String, String> caller(String... scopes) {
        Team team = new Team("t1", "T", "CC", new RateLimits(60, 1000, 1000), Map.of(), List.of("*"),
                new BigDecimal("10.00"), new CachePolicy(true, 60, false), true, null, null);
        return new CallerContext("t1", "k1", Set.of(scopes), team).toAuthorizerContext();
    }

    @Test
    void a_route_of_the_table_without_a_handler_fails_the_build() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RouteDispatcher.forFunction("f", TABLE).route(ECHO, "GET /open", "GET /items/{id}").build());
        assertTrue(e.getMessage().contains("POST /items"), e.getMessage());
    }

    @Test
    void a_handler_for_a_route_the_table_lacks_or_gives_another_function_fails() {
        assertThrows(IllegalStateException.class, () -> RouteDispatcher.forFunction("f", TABLE).route(ECHO, "GET /nowhere"));
        assertThrows(IllegalStateException.class, () -> RouteDispatcher.forFunction("f", TABLE).route(ECHO, "GET /theirs"));
        assertThrows(IllegalStateException.class, () -> RouteDispatcher.forFunction("f", TABLE).route(ECHO, "GET /open", "GET /open"));
    }

    @Test
    void serves_exactly_the_table_routes_of_its_function() {
        assertEquals(TABLE.routeKeysOf("f"), all().routeKeys());
    }

    @Test
    void the_scope_comes_from_the_table() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> all().dispatch(request("POST /items", "POST", "/items", caller("finops"))));
        assertEquals(403, e.status());
        assertEquals("insufficient_scope", e.code());
        assertEquals(200, all().dispatch(request("POST /items", "POST", "/items", caller("invoke"))).statusCode());
        assertEquals(200, all().dispatch(request("POST /items", "POST", "/items", caller("admin"))).statusCode());
    }

    @Test
    void an_unauthorized_route_runs_without_a_caller_and_an_authorized_one_with_it() {
        ApiResponse open = all().dispatch(request("GET /open", "GET", "/open", Map.of()));
        assertNull(Json.parse(open.body()).get("team").textValue());
        ApiResponse item = all().dispatch(request("GET /items/{id}", "GET", "/items/42", caller()));
        assertEquals("t1", Json.parse(item.body()).get("team").asText());
        assertEquals("42", Json.parse(item.body()).get("id").asText(), "path parameters from the table when the event has none");
    }

    @Test
    void a_denied_key_is_refused_before_the_route_and_a_route_may_shape_the_refusal() {
        Map<String, String> denied = CallerContext.denial(GatewayException.unauthorized("Incorrect API key provided."));
        assertEquals(401, assertThrows(GatewayException.class,
                () -> all().dispatch(request("GET /items/{id}", "GET", "/items/1", denied))).status());
        RouteDispatcher.Handler shaped = new RouteDispatcher.Handler() {
            public ApiResponse handle(ApiRequest request, CallerContext caller) {
                throw new AssertionError("must not run");
            }

            public ApiResponse refused(ApiRequest request, GatewayException refusal) {
                return ApiResponse.text(refusal.status(), "text/plain", "refused " + refusal.code());
            }
        };
        RouteDispatcher d = RouteDispatcher.forFunction("f", TABLE).route(ECHO, "GET /open", "GET /items/{id}")
                .route(shaped, "POST /items").build();
        ApiResponse r = d.dispatch(request("POST /items", "POST", "/items", caller("finops")));
        assertEquals(403, r.statusCode());
        assertEquals("refused insufficient_scope", r.body());
    }

    @Test
    void a_route_the_function_does_not_serve_needs_a_key_then_is_a_404() {
        assertEquals(401, assertThrows(GatewayException.class,
                () -> all().dispatch(request("GET /theirs", "GET", "/theirs", Map.of()))).status());
        GatewayException e = assertThrows(GatewayException.class,
                () -> all().dispatch(request("GET /theirs", "GET", "/theirs", caller())));
        assertEquals(404, e.status());
        assertEquals("unknown_route", e.code());
    }

    @Test
    void in_the_real_table_a_decoded_arn_path_takes_the_greedy_model_route_and_a_plain_id_the_converse_route() {
        RouteTable table = RouteTable.load();
        String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0";
        RouteTable.Match greedy = table.match("POST", "/model/" + arn + "/converse").orElseThrow();
        assertEquals("ANY /model/{proxy+}", greedy.route().routeKey());
        assertEquals(Map.of("proxy", arn + "/converse"), greedy.pathParameters());
        RouteTable.Match plain = table.match("POST", "/model/amazon.nova-micro-v1:0/converse").orElseThrow();
        assertEquals("POST /model/{modelId}/converse", plain.route().routeKey());
        assertEquals(Map.of("modelId", "amazon.nova-micro-v1:0"), plain.pathParameters());
        assertEquals("ANY /model/{proxy+}", table.match("GET", "/model/x/converse").orElseThrow().route().routeKey());
        assertEquals("ANY /model/{proxy+}", table.match("POST", "/model/x/invoke").orElseThrow().route().routeKey());
        assertEquals("$default", table.match("POST", "/model").orElseThrow().route().routeKey());
    }
}
