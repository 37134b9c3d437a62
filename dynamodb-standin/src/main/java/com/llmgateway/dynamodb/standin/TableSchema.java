package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What CreateTable defined: keys, attribute definitions, billing, GSIs and LSIs, plus the TTL attribute set
 * later by UpdateTimeToLive. Immutable; a TTL change makes a new one.
 */
record TableSchema(String name, KeyDef hash, KeyDef range, Map<String, Character> attributeTypes,
        String billingMode, long readCapacity, long writeCapacity, List<IndexSchema> indexes,
        double creationSeconds, String tableId, String ttlAttribute) {

    static final String ACCOUNT = "000000000000";

    TableSchema withTtl(String attribute) {
        return new TableSchema(name, hash, range, attributeTypes, billingMode, readCapacity, writeCapacity,
                indexes, creationSeconds, tableId, attribute);
    }

    IndexSchema index(String indexName) {
        for (IndexSchema i : indexes) {
            if (i.name().equals(indexName)) {
                return i;
            }
        }
        return null;
    }

    boolean isKeyAttribute(String attr) {
        return attr.equals(hash.name()) || (range != null && attr.equals(range.name()));
    }

    String arn(String region) {
        return "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + name;
    }

    static ArrayNode keySchemaJson(KeyDef hash, KeyDef range) {
        ArrayNode a = Json.array();
        a.addObject().put("AttributeName", hash.name()).put("KeyType", "HASH");
        if (range != null) {
            a.addObject().put("AttributeName", range.name()).put("KeyType", "RANGE");
        }
        return a;
    }

    /** The persistent form (also the source of DescribeTable's fields). */
    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("TableName", name);
        n.set("KeySchema", keySchemaJson(hash, range));
        ArrayNode defs = n.putArray("AttributeDefinitions");
        attributeTypes.forEach((k, v) -> defs.addObject().put("AttributeName", k).put("AttributeType", String.valueOf(v)));
        n.put("BillingMode", billingMode);
        n.put("ReadCapacityUnits", readCapacity);
        n.put("WriteCapacityUnits", writeCapacity);
        ArrayNode idx = n.putArray("GlobalSecondaryIndexes");
        ArrayNode lsi = n.putArray("LocalSecondaryIndexes");
        indexes.forEach(i -> (i.local() ? lsi : idx).add(i.toJson()));
        n.put("CreationDateTime", creationSeconds);
        n.put("TableId", tableId);
        if (ttlAttribute != null) {
            n.put("TtlAttribute", ttlAttribute);
        }
        return n;
    }

    static TableSchema fromJson(ObjectNode n) {
        Map<String, Character> types = new LinkedHashMap<>();
        for (JsonNode d : n.get("AttributeDefinitions")) {
            types.put(d.get("AttributeName").asText(), d.get("AttributeType").asText().charAt(0));
        }
        KeyDef[] keys = keys(n.get("KeySchema"), types);
        List<IndexSchema> indexes = new ArrayList<>();
        for (JsonNode i : n.get("GlobalSecondaryIndexes")) {
            indexes.add(indexFromJson(i, types, false));
        }
        // Absent in data written before local secondary indexes existed.
        for (JsonNode i : n.path("LocalSecondaryIndexes")) {
            indexes.add(indexFromJson(i, types, true));
        }
        return new TableSchema(n.get("TableName").asText(), keys[0], keys[1], types, n.get("BillingMode").asText(),
                n.get("ReadCapacityUnits").asLong(), n.get("WriteCapacityUnits").asLong(), List.copyOf(indexes),
                n.get("CreationDateTime").asDouble(), n.get("TableId").asText(),
                n.has("TtlAttribute") ? n.get("TtlAttribute").asText() : null);
    }

    private static IndexSchema indexFromJson(JsonNode i, Map<String, Character> types, boolean local) {
        KeyDef[] ik = keys(i.get("KeySchema"), types);
        List<String> nonKey = new ArrayList<>();
        JsonNode p = i.get("Projection");
        if (p.has("NonKeyAttributes")) {
            p.get("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
        }
        JsonNode pt = i.path("ProvisionedThroughput");
        return new IndexSchema(i.get("IndexName").asText(), ik[0], ik[1], p.get("ProjectionType").asText(),
                List.copyOf(nonKey), pt.path("ReadCapacityUnits").asLong(0), pt.path("WriteCapacityUnits").asLong(0),
                local);
    }

    private static KeyDef[] keys(JsonNode keySchema, Map<String, Character> types) {
        KeyDef[] out = new KeyDef[2];
        for (JsonNode k : keySchema) {
            String attr = k.get("AttributeName").asText();
            out["HASH".equals(k.get("KeyType").asText()) ? 0 : 1] = new KeyDef(attr, types.get(attr));
        }
        return out;
    }

    /** DescribeTable's TableDescription. */
    ObjectNode describe(String region, long itemCount, long sizeBytes, Map<String, long[]> indexStats, String status) {
        ObjectNode n = Json.object();
        ArrayNode defs = n.putArray("AttributeDefinitions");
        attributeTypes.forEach((k, v) -> defs.addObject().put("AttributeName", k).put("AttributeType", String.valueOf(v)));
        n.put("TableName", name);
        n.set("KeySchema", keySchemaJson(hash, range));
        n.put("TableStatus", status);
        n.put("CreationDateTime", creationSeconds);
        ObjectNode pt = n.putObject("ProvisionedThroughput");
        pt.put("NumberOfDecreasesToday", 0);
        pt.put("ReadCapacityUnits", readCapacity);
        pt.put("WriteCapacityUnits", writeCapacity);
        n.put("TableSizeBytes", sizeBytes);
        n.put("ItemCount", itemCount);
        n.put("TableArn", arn(region));
        n.put("TableId", tableId);
        if ("PAY_PER_REQUEST".equals(billingMode)) {
            ObjectNode b = n.putObject("BillingModeSummary");
            b.put("BillingMode", billingMode);
            b.put("LastUpdateToPayPerRequestDateTime", creationSeconds);
        }
        ArrayNode globals = null;
        ArrayNode locals = null;
        for (IndexSchema i : indexes) {
            ObjectNode g = i.toJson();
            if (i.local()) {
                locals = locals == null ? n.putArray("LocalSecondaryIndexes") : locals;
                locals.add(g);
            } else {
                globals = globals == null ? n.putArray("GlobalSecondaryIndexes") : globals;
                g.put("IndexStatus", status);
                ((ObjectNode) g.get("ProvisionedThroughput")).put("NumberOfDecreasesToday", 0);
                globals.add(g);
            }
            long[] st = indexStats.getOrDefault(i.name(), new long[2]);
            g.put("IndexSizeBytes", st[1]);
            g.put("ItemCount", st[0]);
            g.put("IndexArn", arn(region) + "/index/" + i.name());
        }
        n.put("DeletionProtectionEnabled", false);
        return n;
    }
}
