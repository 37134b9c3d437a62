package com.llmgateway.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.LambdaHttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * auth-function: the HTTP API Lambda REQUEST authorizer (payload 2.0, simple responses) and the
 * team, key and /v1/me routes. (Skeleton: lands with issue 3.)
 */
public final class AuthHandler implements RequestStreamHandler {

    public AuthHandler() {
        this(Env.system());
    }

    public AuthHandler(Env env) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaHttp.handle(input, output, context, request -> {
            throw GatewayException.notFound("Unknown route " + request.method() + " " + request.rawPath() + ".", null, "unknown_route");
        });
    }
}
