package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One DynamoDB API operation: a parsed request in, the response body out, or an {@link ApiException}. */
@FunctionalInterface
interface Operation {
    ObjectNode run(ObjectNode request);
}
