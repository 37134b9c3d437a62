package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A secondary index: its keys and projection (ALL, KEYS_ONLY or INCLUDE with the non-key
 * attributes listed). A local one shares the table's partition key, has no throughput of its own
 * and allows strongly consistent reads (developer guide, "Local secondary indexes").
 */
record IndexSchema(String name, KeyDef hash, KeyDef range, String projectionType,
        List<String> nonKeyAttributes, long readCapacity, long writeCapacity, boolean local) {

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
        if (!local) {
            ObjectNode pt = n.putObject("ProvisionedThroughput");
            pt.put("ReadCapacityUnits", readCapacity);
            pt.put("WriteCapacityUnits", writeCapacity);
        }
        return n;
    }
}
