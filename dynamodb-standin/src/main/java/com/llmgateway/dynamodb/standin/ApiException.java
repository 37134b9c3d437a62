package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A DynamoDB error answer: the HTTP status, the {@code __type} and the message, plus any extra
 * top-level fields (the old {@code Item} of a failed condition, a transaction's
 * {@code CancellationReasons}).
 */
final class ApiException extends RuntimeException {
    static final String DYNAMO = "com.amazonaws.dynamodb.v20120810#";

    private final int status;
    private final String type;
    private final transient ObjectNode extra;
    /** AccessDeniedException spells its field "Message"; every other error "message". */
    private final String messageField;

    ApiException(int status, String type, String message, ObjectNode extra, String messageField) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.extra = extra;
        this.messageField = messageField;
    }

    ApiException(int status, String type, String message) {
        this(status, type, message, null, "message");
    }

    static ApiException validation(String message) {
        return new ApiException(400, "com.amazon.coral.validate#ValidationException", message);
    }

    static ApiException dynamo(String code, String message) {
        return new ApiException(400, DYNAMO + code, message);
    }

    /** The control-plane wording (DescribeTable, DeleteTable, the TTL calls), which names the table. */
    static ApiException tableNotFound(String name) {
        return dynamo("ResourceNotFoundException", "Requested resource not found: Table: " + name + " not found");
    }

    static ApiException resourceNotFound() {
        return dynamo("ResourceNotFoundException", "Requested resource not found");
    }

    static ApiException conditionFailed(ObjectNode oldItemOrNull) {
        ObjectNode extra = null;
        if (oldItemOrNull != null) {
            extra = Json.object();
            extra.set("Item", oldItemOrNull);
        }
        return new ApiException(400, DYNAMO + "ConditionalCheckFailedException",
                "The conditional request failed", extra, "message");
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** The error body as DynamoDB writes it. */
    ObjectNode body() {
        ObjectNode body = Json.object();
        body.put("__type", type);
        body.put(messageField, getMessage());
        if (extra != null) {
            body.setAll(extra);
        }
        return body;
    }
}
