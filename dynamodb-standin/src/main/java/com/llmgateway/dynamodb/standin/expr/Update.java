package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/** A bound UpdateExpression. Immutable and thread-safe. */
public interface Update {
    /**
     * Returns a new item (the input is not modified); throws ValidationError for runtime errors such as
     * "The provided expression refers to an attribute that does not exist in the item" or
     * "An operand in the update expression has an incorrect data type".
     */
    ObjectNode apply(ObjectNode item);

    /** The document paths the update sets/removes/adds/deletes, for UPDATED_OLD / UPDATED_NEW. */
    Projection updatedPaths();

    /**
     * Top-level attribute names touched, so the engine can refuse key attribute updates:
     * "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key".
     */
    Set<String> topLevelAttributes();
}
