package com.llmgateway.auth;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.RouteTable;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuthRouteTableTest {

    @Test
    void serves_exactly_the_routes_that_routes_json_gives_the_auth_function() {
        AuthHandler handler = new AuthHandler(AuthWiring.create(new Env(Map.of("KEYS_TABLE", "t-keys", "USAGE_TABLE", "t-usage",
                "DYNAMODB_ENDPOINT", "http://127.0.0.1:9", "AWS_REGION", "us-east-1"))));
        assertEquals(RouteTable.load().routeKeysOf("auth"), handler.routeKeys());
    }
}
