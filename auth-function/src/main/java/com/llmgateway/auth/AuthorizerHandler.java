package com.llmgateway.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.LambdaHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Map;

/**
 * The HTTP API Lambda REQUEST authorizer (payload 2.0, simple responses). HTTP API cannot shape
 * an authorizer's denial, so the answer is always {@code isAuthorized: true} with a context: the
 * caller ({@link CallerContext#toAuthorizerContext()}) or the denial ({@link CallerContext#denial}:
 * 401 no, unknown, revoked or expired key; 403 missing scope or disabled team; 503 when the key
 * store cannot be read), which every function's dispatcher turns into the OpenAI-shaped error.
 * Only an event that cannot be read at all gets {@code isAuthorized: false}.
 */
public final class AuthorizerHandler implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizerHandler.class);

    private final Authorizer authorizer;

    AuthorizerHandler(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> authorize(event));
    }

    private SimpleIAMPolicyResponse authorize(APIGatewayV2CustomAuthorizerEvent event) {
        ApiRequest request;
        try {
            request = ApiRequest.from(event);
        } catch (RuntimeException e) {
            LOG.warn("authorizer event unreadable: {}", e.getClass().getSimpleName());
            return SimpleIAMPolicyResponse.builder().withIsAuthorized(false).build();
        }
        MDC.put("request_id", request.requestId());
        MDC.put("route", String.valueOf(request.routeKey()));
        Map<String, String> context;
        try {
            CallerContext caller = authorizer.authorize(request);
            context = caller.toAuthorizerContext();
            LOG.debug("authorized team_id={} key_id={}", caller.teamId(), caller.keyId());
        } catch (GatewayException e) {
            context = CallerContext.denial(e);
            if (e.status() >= 500) {
                LOG.warn("authorizer could not decide status={} code={} cause={}", e.status(), e.code(), LambdaHttp.describe(e.getCause()));
            } else {
                LOG.info("denied status={} code={}", e.status(), e.code());
            }
        } catch (RuntimeException e) {
            LOG.error("authorizer failed", e);
            context = CallerContext.denial(new GatewayException(503, "api_error", "service_unavailable", null,
                    "The gateway could not check the API key; retry shortly."));
        } finally {
            MDC.remove("request_id");
            MDC.remove("route");
        }
        return SimpleIAMPolicyResponse.builder().withIsAuthorized(true).withContext(context).build();
    }
}
