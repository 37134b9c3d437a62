package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A bound KeyConditionExpression: an equality on the partition key and at most one condition on the
 * sort key ({@code = < <= > >= BETWEEN begins_with}). Immutable and thread-safe.
 */
public interface KeyCondition {
    /** The partition key's value. */
    ObjectNode hashValue();

    /** Whether a sort key value satisfies the sort key condition; true when there is none. */
    boolean matchesRange(ObjectNode rangeValue);

    /**
     * The sort key operator: {@code "=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"}, or null when
     * there is no sort key condition. Lets the engine seek in a sorted index instead of testing all.
     */
    default String rangeOperator() {
        return null;
    }

    /** The sort key condition's values (two for BETWEEN, else one); empty when there is none. */
    default List<ObjectNode> rangeValues() {
        return List.of();
    }
}
