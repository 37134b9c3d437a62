package com.llmgateway.local.e2e;

import com.llmgateway.local.LocalGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the end-to-end test classes share: one in-memory local gateway per class (the DynamoDB stand-in,
 * the Bedrock stand-in, the HTTP API stand-in on free loopback ports), a real HTTP client, and
 * the admin API with the demo admin key. Test classes run one after another, so the fields
 * belong to the class that is running.
 */
abstract class GatewayE2E {

    static LocalGateway gateway;
    static Http http;
    static Admin admin;

    @BeforeAll
    static void startGateway() {
        gateway = LocalGateway.start();
        http = new Http(gateway.endpoint());
        admin = new Admin(http, gateway.keys().orElseThrow().adminKey());
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }
}
