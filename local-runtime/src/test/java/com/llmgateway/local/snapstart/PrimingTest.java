package com.llmgateway.local.snapstart;

import com.llmgateway.auth.AuthPriming;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.snapstart.CannedHttpClient;
import com.llmgateway.core.snapstart.Priming;
import com.llmgateway.core.store.Tables;
import com.llmgateway.gateway.GatewayPriming;
import com.llmgateway.local.LocalGateway;
import com.llmgateway.usage.UsagePriming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SnapStart dry runs run each function's real handler end to end while nothing leaves the
 * JVM: the functions' environment points at the local DynamoDB and Bedrock stand-ins, and after
 * priming the stand-ins have seen no request and every table is still empty.
 */
class PrimingTest {

    private static LocalGateway gw;

    @BeforeAll
    static void start() {
        gw = LocalGateway.start(LocalGateway.Options.inMemoryDefaults().withSeeder(null));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void each_dry_run_answers_every_primed_request_and_reaches_neither_stand_in() {
        Env env = new Env(gw.env());
        int bedrockBefore = gw.bedrock().requestCount();

        CannedHttpClient gatewayHttp = new CannedHttpClient(r -> GatewayPriming.CONVERSE_REPLY);
        List<Integer> gateway = GatewayPriming.dryRun(env, gatewayHttp);
        assertEquals(List.of(200, 200, 200, 200, 200, 200), gateway, "health, models, chat with a tool, cached chat, converse, mcp");
        assertTrue(gatewayHttp.requests() >= 8, "the pipeline reached the SDK: admission, Bedrock, ledger... (" + gatewayHttp.requests() + ")");

        CannedHttpClient authHttp = CannedHttpClient.dynamoDb();
        List<String> auth = AuthPriming.dryRun(env, authHttp);
        assertTrue(auth.get(0).contains("\"deny_code\":\"invalid_api_key\""), auth.get(0));
        assertTrue(auth.subList(1, 3).stream().allMatch(s -> Integer.parseInt(s) < 500), auth.toString());
        assertTrue(authHttp.requests() >= 2, "auth reached the SDK");

        CannedHttpClient usageHttp = CannedHttpClient.dynamoDb();
        assertEquals(List.of(200, 200, 200), UsagePriming.dryRun(env, usageHttp));
        assertTrue(usageHttp.requests() >= 2, "usage reached the SDK");

        assertEquals(bedrockBefore, gw.bedrock().requestCount(), "no Converse call reached the Bedrock stand-in");
        for (var table : Tables.all().values()) {
            String name = gw.env().get(table.envVar());
            assertEquals(0, gw.dynamoDb().scan(b -> b.tableName(name)).count(), name + " was written to");
        }
    }

    @Test
    void the_checkpoint_hook_runs_the_dry_run_and_survives_its_failure() {
        AtomicInteger ran = new AtomicInteger();
        Priming ok = Priming.register("test", ran::incrementAndGet);
        ok.beforeCheckpoint(null);
        assertEquals(1, ran.get());
        Priming failing = Priming.register("test", () -> {
            throw new IllegalStateException("boom");
        });
        failing.beforeCheckpoint(null);
        assertTrue(!failing.prime(), "a failed dry run is reported, not thrown");
    }
}
