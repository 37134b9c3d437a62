package com.llmgateway.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.LambdaHttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** gateway-function: models, chat completions, Converse passthrough, MCP. (Skeleton: routes land with issue 2.) */
public final class GatewayHandler implements RequestStreamHandler {

    public GatewayHandler() {
        this(Env.system());
    }

    public GatewayHandler(Env env) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaHttp.handle(input, output, context, request -> {
            throw GatewayException.notFound("Unknown route " + request.method() + " " + request.rawPath() + ".", null, "unknown_route");
        });
    }
}
