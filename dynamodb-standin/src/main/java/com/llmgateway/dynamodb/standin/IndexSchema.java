package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A global secondary index: its keys and projection (ALL, KEYS_ONLY or INCLUDE with the
 * non-key attributes listed).
 */
record IndexSchema(String name, KeyDef hash, KeyDef range, String projectionType,
        List<String> nonKeyAttributes, long readCapacity, long writeCapacity) {

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("IndexName", name);
        n.set("KeySchema", TableSchema.keySchemaJson(hash, range));
        ObjectNode projection = n.putObject("Projection");
        projection.put("ProjectionType", projectionType);
        if (nonKeyAttributes != null && !nonKeyAttributes.isEmpty()) {
            ArrayNode a = projection.putArray("NonKeyAttributes");
            nonKeyAttributes.forEach(a::add);
        }
        ObjectNode pt = n.putObject("ProvisionedThroughput");
        pt.put("ReadCapacityUnits", readCapacity);
        pt.put("WriteCapacityUnits", writeCapacity);
        return n;
    }
}
