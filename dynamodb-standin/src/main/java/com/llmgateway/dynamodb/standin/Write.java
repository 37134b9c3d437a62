package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One committed item mutation: a put of a whole item, or a delete by key (the key's attributes as
 * an item). Batches and transactions commit several as one log record, so they recover whole.
 */
record Write(String table, ObjectNode put, ObjectNode deleteKey) {
    static Write put(String table, ObjectNode item) {
        return new Write(table, item, null);
    }

    static Write delete(String table, ObjectNode key) {
        return new Write(table, null, key);
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("t", table);
        if (put != null) {
            n.set("put", put);
        } else {
            n.set("del", deleteKey);
        }
        return n;
    }

    static Write fromJson(ObjectNode n) {
        String t = n.get("t").asText();
        return n.has("put") ? put(t, (ObjectNode) n.get("put")) : delete(t, (ObjectNode) n.get("del"));
    }
}
