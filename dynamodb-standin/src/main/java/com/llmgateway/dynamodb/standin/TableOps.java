package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTimeToLive, DescribeTimeToLive.
 * Tables are ACTIVE at once and TTL is reported ENABLED at once.
 */
final class TableOps {
    static final int MAX_LOCAL_INDEXES = 5;

    private final Database db;
    private final String region = "us-east-1";

    TableOps(Database db) {
        this.db = db;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateTable", (req, used) -> create(req));
        ops.put("DescribeTable", (req, used) -> describe(req));
        ops.put("ListTables", (req, used) -> list(req));
        ops.put("DeleteTable", (req, used) -> delete(req));
        ops.put("UpdateTimeToLive", (req, used) -> updateTtl(req));
        ops.put("DescribeTimeToLive", (req, used) -> describeTtl(req));
    }

    static String tableName(ObjectNode req) {
        String name = Json.text(req, "TableName");
        if (name == null) {
            throw ApiException.validation("1 validation error detected: Value null at 'tableName' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        checkName(name, "tableName");
        return name;
    }

    private static void checkName(String name, String field) {
        if (name.length() < 3) {
            throw ApiException.validation("1 validation error detected: Value '" + name + "' at '" + field
                    + "' failed to satisfy constraint: Member must have length greater than or equal to 3");
        }
        if (name.length() > 255) {
            throw ApiException.validation("1 validation error detected: Value '" + name + "' at '" + field
                    + "' failed to satisfy constraint: Member must have length less than or equal to 255");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '-' && c != '.') {
                throw ApiException.validation("1 validation error detected: Value '" + name + "' at '" + field
                        + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
            }
        }
    }

    private ObjectNode create(ObjectNode req) {
        String name = tableName(req);
        TableSchema schema = parseSchema(name, req, db.clock().millis() / 1000.0);
        return db.write(() -> {
            if (db.tableOrNull(name) != null) {
                throw ApiException.dynamo("ResourceInUseException", "Table already exists: " + name);
            }
            db.createTable(schema);
            ObjectNode out = Json.object();
            out.set("TableDescription", describe(controlTable(name), "ACTIVE"));
            return out;
        });
    }

    /** Validates CreateTable's parameters as DynamoDB does and builds the schema. */
    private static TableSchema parseSchema(String name, ObjectNode req, double now) {
        ArrayNode defs = Json.arr(req, "AttributeDefinitions");
        ArrayNode keySchema = Json.arr(req, "KeySchema");
        if (keySchema == null || keySchema.isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value " + (keySchema == null ? "null" : "'[]'")
                    + " at 'keySchema' failed to satisfy constraint: Member must "
                    + (keySchema == null ? "not be null" : "have length greater than or equal to 1"));
        }
        if (defs == null) {
            throw ApiException.validation("1 validation error detected: Value null at 'attributeDefinitions' failed "
                    + "to satisfy constraint: Member must not be null");
        }
        Map<String, Character> types = new LinkedHashMap<>();
        for (JsonNode d : defs) {
            String attr = d.path("AttributeName").asText();
            String type = d.path("AttributeType").asText();
            if (!type.equals("S") && !type.equals("N") && !type.equals("B")) {
                throw ApiException.validation("1 validation error detected: Value '" + type + "' at "
                        + "'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must "
                        + "satisfy enum value set: [B, N, S]");
            }
            if (types.put(attr, type.charAt(0)) != null) {
                throw ApiException.validation("Invalid Request: Duplicate AttributeName in AttributeDefinitions: " + attr);
            }
        }
        KeyDef[] keys = keySchema(keySchema, types, "");
        Set<String> used = new LinkedHashSet<>();
        used.add(keys[0].name());
        if (keys[1] != null) {
            used.add(keys[1].name());
        }
        String billing = Json.text(req, "BillingMode");
        billing = billing == null ? "PROVISIONED" : billing;
        long[] capacity = capacity(billing, Json.obj(req, "ProvisionedThroughput"));
        List<IndexSchema> indexes = new ArrayList<>();
        Set<String> indexNames = new LinkedHashSet<>();
        ArrayNode gsis = Json.arr(req, "GlobalSecondaryIndexes");
        if (gsis != null) {
            if (gsis.isEmpty()) {
                throw ApiException.validation("One or more parameter values were invalid: List of "
                        + "GlobalSecondaryIndexes is empty");
            }
            for (JsonNode g : gsis) {
                indexes.add(parseIndex(g, types, billing, null, indexNames, used));
            }
        }
        ArrayNode lsis = Json.arr(req, "LocalSecondaryIndexes");
        if (lsis != null) {
            // Developer guide, "Local secondary indexes": same partition key as the table, another sort
            // key, at most five per table, and only on a table that has a sort key.
            if (lsis.isEmpty()) {
                throw ApiException.validation("One or more parameter values were invalid: List of "
                        + "LocalSecondaryIndexes is empty");
            }
            if (keys[1] == null) {
                throw ApiException.validation("One or more parameter values were invalid: Table KeySchema does not "
                        + "have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            if (lsis.size() > MAX_LOCAL_INDEXES) {
                throw ApiException.validation("One or more parameter values were invalid: Number of "
                        + "LocalSecondaryIndexes exceeds per-table limit of " + MAX_LOCAL_INDEXES);
            }
            for (JsonNode l : lsis) {
                indexes.add(parseIndex(l, types, billing, keys, indexNames, used));
            }
        }
        if (used.size() != types.size()) {
            throw ApiException.validation("One or more parameter values were invalid: Number of attributes in KeySchema "
                    + "does not exactly match number of attributes defined in AttributeDefinitions");
        }
        return new TableSchema(name, keys[0], keys[1], types, billing, capacity[0], capacity[1], List.copyOf(indexes),
                now, UUID.randomUUID().toString(), null);
    }

    /**
     * One GlobalSecondaryIndexes member ({@code tableKeys} null) or LocalSecondaryIndexes member
     * (the table's keys, whose partition key the index must share).
     */
    private static IndexSchema parseIndex(JsonNode g, Map<String, Character> types, String billing, KeyDef[] tableKeys,
            Set<String> indexNames, Set<String> used) {
        boolean local = tableKeys != null;
        String field = local ? "localSecondaryIndexes" : "globalSecondaryIndexes";
        String iname = g.path("IndexName").asText();
        checkName(iname, field + ".1.member.indexName");
        if (!indexNames.add(iname)) {
            throw ApiException.validation("One or more parameter values were invalid: Duplicate index name: " + iname);
        }
        if (!g.has("KeySchema")) {
            throw ApiException.validation("1 validation error detected: Value null at '" + field
                    + ".1.member.keySchema' failed to satisfy constraint: Member must not be null");
        }
        KeyDef[] ik = keySchema((ArrayNode) g.get("KeySchema"), types, iname);
        if (local) {
            if (!ik[0].name().equals(tableKeys[0].name())) {
                throw ApiException.validation("One or more parameter values were invalid: Index KeySchema does not have "
                        + "the same leading hash key as table KeySchema for index: " + iname + ". index hash key: "
                        + ik[0].name() + ", table hash key: " + tableKeys[0].name());
            }
            if (ik[1] == null) {
                throw ApiException.validation("One or more parameter values were invalid: Index KeySchema does not have "
                        + "a range key for index: " + iname);
            }
        }
        used.add(ik[0].name());
        if (ik[1] != null) {
            used.add(ik[1].name());
        }
        JsonNode p = g.get("Projection");
        if (p == null || !p.has("ProjectionType")) {
            throw ApiException.validation("One or more parameter values were invalid: Unknown ProjectionType: null");
        }
        String ptype = p.get("ProjectionType").asText();
        List<String> nonKey = new ArrayList<>();
        if (p.has("NonKeyAttributes")) {
            p.get("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
        }
        switch (ptype) {
            case "ALL", "KEYS_ONLY" -> {
                if (!nonKey.isEmpty()) {
                    throw ApiException.validation("One or more parameter values were invalid: ProjectionType is "
                            + ptype + ", but NonKeyAttributes is specified");
                }
            }
            case "INCLUDE" -> {
                if (nonKey.isEmpty()) {
                    throw ApiException.validation("One or more parameter values were invalid: ProjectionType is "
                            + "INCLUDE, but NonKeyAttributes is not specified");
                }
            }
            default -> throw ApiException.validation("One or more parameter values were invalid: Unknown "
                    + "ProjectionType: " + ptype);
        }
        if (local) {
            // An LSI shares the table's throughput; DynamoDB's model has no ProvisionedThroughput member for it.
            return new IndexSchema(iname, ik[0], ik[1], ptype, List.copyOf(nonKey), 0, 0, true);
        }
        long[] icap = capacity(billing, g.hasNonNull("ProvisionedThroughput")
                ? (ObjectNode) g.get("ProvisionedThroughput") : null);
        return new IndexSchema(iname, ik[0], ik[1], ptype, List.copyOf(nonKey), icap[0], icap[1], false);
    }

    private static long[] capacity(String billing, ObjectNode pt) {
        switch (billing) {
            case "PROVISIONED" -> {
                if (pt == null || !pt.has("ReadCapacityUnits") || !pt.has("WriteCapacityUnits")) {
                    throw ApiException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                            + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
                }
                long r = pt.get("ReadCapacityUnits").asLong();
                long w = pt.get("WriteCapacityUnits").asLong();
                if (r < 1 || w < 1) {
                    throw ApiException.validation("1 validation error detected: Value '" + Math.min(r, w)
                            + "' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must "
                            + "have value greater than or equal to 1");
                }
                return new long[] {r, w};
            }
            case "PAY_PER_REQUEST" -> {
                if (pt != null) {
                    throw ApiException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits "
                            + "nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
                }
                return new long[] {0, 0};
            }
            default -> throw ApiException.validation("1 validation error detected: Value '" + billing
                    + "' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[PROVISIONED, PAY_PER_REQUEST]");
        }
    }

    private static KeyDef[] keySchema(ArrayNode ks, Map<String, Character> types, String index) {
        if (ks.size() > 2) {
            throw ApiException.validation("1 validation error detected: Value '" + ks + "' at 'keySchema' failed to "
                    + "satisfy constraint: Member must have length less than or equal to 2");
        }
        KeyDef[] out = new KeyDef[2];
        for (int i = 0; i < ks.size(); i++) {
            JsonNode k = ks.get(i);
            String attr = k.path("AttributeName").asText();
            String kt = k.path("KeyType").asText();
            if (i == 0 && !"HASH".equals(kt)) {
                throw ApiException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
            }
            if (i == 1 && !"RANGE".equals(kt)) {
                throw ApiException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            if (i == 1 && attr.equals(out[0].name())) {
                throw ApiException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
            }
            Character type = types.get(attr);
            if (type == null) {
                if (index.isEmpty()) {
                    throw ApiException.validation("One or more parameter values were invalid: Some index key attributes "
                            + "are not defined in AttributeDefinitions. Keys: " + keyNames(ks) + ", AttributeDefinitions: "
                            + types.keySet());
                }
                throw ApiException.validation("One or more parameter values were invalid: Some index key attributes are "
                        + "not defined in AttributeDefinitions. Keys: " + keyNames(ks) + ", AttributeDefinitions: "
                        + types.keySet());
            }
            out[i] = new KeyDef(attr, type);
        }
        return out;
    }

    private static List<String> keyNames(ArrayNode ks) {
        List<String> out = new ArrayList<>();
        ks.forEach(k -> out.add(k.path("AttributeName").asText()));
        return out;
    }

    private ObjectNode describe(Table t, String status) {
        Map<String, long[]> idx = new LinkedHashMap<>();
        t.indexes().forEach((n, i) -> idx.put(n, new long[] {i.count(), 0}));
        return t.schema().describe(region, t.count(), t.sizeBytes(), idx, status);
    }

    private ObjectNode describe(ObjectNode req) {
        String name = tableName(req);
        return db.read(() -> {
            ObjectNode out = Json.object();
            out.set("Table", describe(controlTable(name), "ACTIVE"));
            return out;
        });
    }

    private ObjectNode list(ObjectNode req) {
        int limit = req.has("Limit") ? req.get("Limit").asInt() : 100;
        if (limit < 1 || limit > 100) {
            throw ApiException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to "
                    + "satisfy constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1"
                            : "less than or equal to 100"));
        }
        String start = Json.text(req, "ExclusiveStartTableName");
        return db.read(() -> {
            ObjectNode out = Json.object();
            ArrayNode names = out.putArray("TableNames");
            var all = db.tableNames();
            var from = start == null ? all : all.tailSet(start, false);
            String last = null;
            for (String n : from) {
                if (names.size() == limit) {
                    break;
                }
                names.add(n);
                last = n;
            }
            if (last != null && !all.tailSet(last, false).isEmpty()) {
                out.put("LastEvaluatedTableName", last);
            }
            return out;
        });
    }

    private ObjectNode delete(ObjectNode req) {
        String name = tableName(req);
        return db.write(() -> {
            Table t = controlTable(name);
            ObjectNode desc = describe(t, "DELETING");
            db.dropTable(name);
            ObjectNode out = Json.object();
            out.set("TableDescription", desc);
            return out;
        });
    }

    private ObjectNode updateTtl(ObjectNode req) {
        String name = tableName(req);
        ObjectNode spec = Json.obj(req, "TimeToLiveSpecification");
        if (spec == null) {
            throw ApiException.validation("1 validation error detected: Value null at 'timeToLiveSpecification' failed "
                    + "to satisfy constraint: Member must not be null");
        }
        String attr = spec.path("AttributeName").asText(null);
        boolean enabled = spec.path("Enabled").asBoolean(false);
        if (attr == null || attr.isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value null at "
                    + "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null");
        }
        return db.write(() -> {
            Table t = controlTable(name);
            String current = t.schema().ttlAttribute();
            if (enabled && current != null) {
                throw ApiException.validation("TimeToLive is already enabled");
            }
            if (!enabled && current == null) {
                throw ApiException.validation("TimeToLive is already disabled");
            }
            if (!enabled && !current.equals(attr)) {
                throw ApiException.validation("TimeToLive attribute name does not match the one that is currently enabled");
            }
            db.setTtl(name, enabled ? attr : null);
            ObjectNode out = Json.object();
            out.putObject("TimeToLiveSpecification").put("AttributeName", attr).put("Enabled", enabled);
            return out;
        });
    }

    private ObjectNode describeTtl(ObjectNode req) {
        String name = tableName(req);
        return db.read(() -> {
            String attr = controlTable(name).schema().ttlAttribute();
            ObjectNode out = Json.object();
            ObjectNode d = out.putObject("TimeToLiveDescription");
            if (attr == null) {
                d.put("TimeToLiveStatus", "DISABLED");
            } else {
                d.put("TimeToLiveStatus", "ENABLED");
                d.put("AttributeName", attr);
            }
            return out;
        });
    }

    /** A table for a control-plane call: DynamoDB's not-found answer there names the table. Call under the lock. */
    private Table controlTable(String name) {
        Table t = db.tableOrNull(name);
        if (t == null) {
            throw ApiException.tableNotFound(name);
        }
        return t;
    }
}
