package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/** A bound ProjectionExpression (or the paths of an update). Immutable and thread-safe. */
public interface Projection {
    /** Only the named paths of the item, nested shape kept; the input is not modified. */
    ObjectNode apply(ObjectNode item);

    /** The top-level attribute names the projection selects (from). */
    default Set<String> topLevelAttributes() {
        return Set.of();
    }
}
