package com.llmgateway.gateway.bedrock;

import com.llmgateway.core.error.GatewayException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

import java.util.Map;

/**
 * Bedrock SDK failures as gateway errors. The SDK's message never reaches the caller (it can name
 * accounts, ARNs and internal details); each error gets a fixed message naming the model.
 * These run after the SDK's own retries, so a 429 here means Bedrock kept throttling.
 */
final class BedrockErrors {

    /** Seconds a caller should wait after Bedrock kept throttling through the SDK's retries. */
    static final int THROTTLE_RETRY_AFTER_SECONDS = 2;

    private BedrockErrors() {
    }

    /**
     * The gateway error for an error Bedrock answered on the wire outside the SDK (ConverseStream):
     * its {@code x-amzn-ErrorType} (or an exception frame's {@code :exception-type}, which starts
     * lower-case) and HTTP status, mapped as the SDK's typed exception would be.
     */
    static GatewayException fromWire(String errorType, int status, String model) {
        String type = errorType == null || errorType.isEmpty() ? "" : errorType.split("[:,]")[0].trim();
        if (!type.isEmpty()) {
            type = Character.toUpperCase(type.charAt(0)) + type.substring(1);
        }
        software.amazon.awssdk.awscore.exception.AwsErrorDetails details =
                software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder().errorCode(type).build();
        AwsServiceException e = switch (type) {
            case "ValidationException" -> ValidationException.builder().statusCode(status).awsErrorDetails(details).build();
            case "ThrottlingException" -> ThrottlingException.builder().statusCode(status).awsErrorDetails(details).build();
            case "ServiceQuotaExceededException" -> ServiceQuotaExceededException.builder().statusCode(status).awsErrorDetails(details).build();
            case "ModelTimeoutException" -> ModelTimeoutException.builder().statusCode(status).awsErrorDetails(details).build();
            case "AccessDeniedException" -> AccessDeniedException.builder().statusCode(status).awsErrorDetails(details).build();
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder().statusCode(status).awsErrorDetails(details).build();
            case "ModelNotReadyException" -> ModelNotReadyException.builder().statusCode(status).awsErrorDetails(details).build();
            case "ServiceUnavailableException" -> ServiceUnavailableException.builder().statusCode(status).awsErrorDetails(details).build();
            case "ModelErrorException", "ModelStreamErrorException" -> ModelErrorException.builder().statusCode(status).awsErrorDetails(details).build();
            default -> AwsServiceException.builder().statusCode(status).awsErrorDetails(details).build();
        };
        return map(e, model);
    }

    /** A stream that could not be read to its end (the connection failed or timed out mid-way). */
    static GatewayException unreachable(java.io.IOException e, String model) {
        return map(SdkClientException.builder().cause(e).build(), model);
    }

    /** The gateway error for a Bedrock failure, naming Bedrock's own error type when Bedrock answered. */
    static GatewayException map(SdkException e, String model) {
        GatewayException mapped = gatewayError(e, model);
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            // Bedrock's x-amzn-ErrorType, e.g. ThrottlingException; anything else is not passed on.
            if (code != null && code.matches("[A-Z][A-Za-z]{2,60}Exception")) {
                return mapped.withUpstreamType(code);
            }
        }
        return mapped;
    }

    private static GatewayException gatewayError(SdkException e, String model) {
        if (e instanceof ValidationException) {
            return new GatewayException(400, "invalid_request_error", "upstream_validation_error", "messages",
                    "Bedrock rejected the request to model '" + model + "' as invalid (for example the prompt is longer"
                            + " than the model's context window, or the conversation does not alternate user and assistant turns).",
                    Map.of(), e);
        }
        if (e instanceof ThrottlingException || e instanceof ServiceQuotaExceededException) {
            return new GatewayException(429, "rate_limit_error", "rate_limit_exceeded", null,
                    "Bedrock is throttling requests to model '" + model + "'; retry after "
                            + THROTTLE_RETRY_AFTER_SECONDS + " seconds.",
                    Map.of("retry-after", Integer.toString(THROTTLE_RETRY_AFTER_SECONDS),
                            "retry-after-ms", Integer.toString(THROTTLE_RETRY_AFTER_SECONDS * 1000)), e);
        }
        if (e instanceof ModelTimeoutException || e instanceof ApiCallTimeoutException
                || e instanceof ApiCallAttemptTimeoutException) {
            return new GatewayException(504, "api_error", "upstream_timeout", null,
                    "Model '" + model + "' did not answer in time; try a smaller max_tokens or retry.", Map.of(), e);
        }
        if (e instanceof AccessDeniedException) {
            return new GatewayException(403, "permission_denied", "model_access_denied", "model",
                    "The gateway is not allowed to invoke model '" + model + "' on Bedrock (model access may not be"
                            + " enabled in this AWS account and region).", Map.of(), e);
        }
        if (e instanceof ResourceNotFoundException) {
            return new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                    "Model '" + model + "' is not available on Bedrock in the gateway's region. See GET /v1/models.",
                    Map.of(), e);
        }
        if (e instanceof ModelNotReadyException || e instanceof ServiceUnavailableException) {
            return new GatewayException(503, "api_error", "upstream_unavailable", null,
                    "Model '" + model + "' is not available right now; retry shortly.",
                    Map.of("retry-after", "5"), e);
        }
        if (e instanceof ModelErrorException) {
            return new GatewayException(502, "api_error", "upstream_model_error", null,
                    "Model '" + model + "' failed to process the request.", Map.of(), e);
        }
        if (e instanceof SdkClientException) {
            return new GatewayException(502, "api_error", "upstream_unreachable", null,
                    "The gateway could not reach Bedrock for model '" + model + "'.", Map.of(), e);
        }
        return new GatewayException(502, "api_error", "upstream_error", null,
                "Bedrock failed to answer for model '" + model + "'.", Map.of(), e);
    }
}
