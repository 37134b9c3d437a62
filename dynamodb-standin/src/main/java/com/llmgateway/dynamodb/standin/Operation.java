package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One DynamoDB API operation: a parsed request in, the response body out, or an {@link ApiException};
 * the request units it consumes go into {@code used}.
 */
@FunctionalInterface
interface Operation {
    ObjectNode run(ObjectNode request, Capacity used);
}
