package com.llmgateway.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.keys.KeyCache;
import com.llmgateway.core.keys.KeyCheck;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.Tables;
import com.llmgateway.core.http.StreamingLambda;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * gateway-function's streaming entry point: the same routes as {@link GatewayHandler}, answered
 * through Lambda response streaming as a function URL in {@code RESPONSE_STREAM} mode expects it
 * ({@link StreamingLambda}: a JSON prelude, eight NUL bytes, then the body as it is produced).
 * Lambda's managed Java runtime has no streaming handler, so on Lambda {@link StreamingRuntime}
 * (a small loop over the Runtime API's streaming response mode) runs it; the local runtime calls
 * {@link #handleRequest} with its front door's response stream, so the same code writes both.
 *
 * <p>A function URL has no Lambda authorizer: a request that arrives without the authorizer's
 * context is checked here by {@link KeyCheck} (the authorizer's rules, the same context shape).
 */
public final class GatewayStreamHandler implements RequestStreamHandler {

    private final GatewayHandler routes;
    private final KeyCheck keys;

    /** For Lambda: the sandbox's clients from the process environment, once (KEYS_TABLE for the key check). */
    public GatewayStreamHandler() {
        this(Env.system());
    }

    private GatewayStreamHandler(Env env) {
        this(new GatewayHandler(GatewayWiring.create(env)), keyCheck(env, DynamoDbClients.create(env)));
    }

    /**
     * With given collaborators: the local runtime and tests.
     *
     * @param keys null behind an authorizer only (every event carries its context)
     */
    public GatewayStreamHandler(GatewayHandler routes, KeyCheck keys) {
        this.routes = routes;
        this.keys = keys;
    }

    /** The key check over the keys table of {@code env} (its {@code KEYS_TABLE}). */
    public static KeyCheck keyCheck(Env env, DynamoDbClient ddb) {
        return KeyCheck.onTable(DynamoDbClients.enhanced(ddb), env.table(Tables.KEYS),
                new KeyCache(KeyCache.ttl(env), Clock.systemUTC()), Clock.systemUTC());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StreamingLambda.handle(input, output, context, routes.maxBodyBytes(), keys == null ? null : keys::context,
                routes::dispatch);
    }
}
