package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/** A bound ConditionExpression or FilterExpression. Immutable and thread-safe. */
public interface Condition {
    /** Whether the item satisfies the condition; {@code item} may be empty (a missing item). */
    boolean test(ObjectNode item);

    /**
     * The top-level attribute names the condition reads, so that Query can refuse a FilterExpression on
     * key attributes ("Filter Expression can only contain non-primary key attributes: Primary key
     * attribute: pk").
     */
    default Set<String> topLevelAttributes() {
        return Set.of();
    }
}
