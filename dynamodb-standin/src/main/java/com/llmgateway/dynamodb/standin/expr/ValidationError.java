package com.llmgateway.dynamodb.standin.expr;

/**
 * A client error whose message is DynamoDB's {@code ValidationException} wording, e.g.
 * {@code Invalid UpdateExpression: Syntax error; token: "SETT", near: "SETT a"}. The engine answers it
 * as HTTP 400 {@code com.amazon.coral.validate#ValidationException} with this message.
 *
 * <p>No stack trace is filled in: these are expected, frequent, client-caused outcomes (a bad request),
 * not bugs, and building a trace for each would cost more than the work that found the error.
 */
public final class ValidationError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ValidationError(String message) {
        super(message, null, false, false);
    }
}
