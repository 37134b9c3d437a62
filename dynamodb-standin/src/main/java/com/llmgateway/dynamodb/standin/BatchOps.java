package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.dynamodb.standin.expr.Projection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BatchGetItem (at most 100 keys) and BatchWriteItem (at most 25 requests, no key twice). Nothing
 * is ever left unprocessed: UnprocessedKeys / UnprocessedItems are always empty. A BatchWriteItem
 * is applied as one log record (stronger than DynamoDB, which applies each request on its own).
 */
final class BatchOps {
    private final Database db;

    BatchOps(Database db) {
        this.db = db;
    }

    void register(Map<String, Operation> ops) {
        ops.put("BatchGetItem", this::get);
        ops.put("BatchWriteItem", this::write);
    }

    private static ObjectNode requestItems(ObjectNode req) {
        ObjectNode items = Json.obj(req, "RequestItems");
        if (items == null) {
            throw ApiException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        if (items.isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        return items;
    }

    private ObjectNode get(ObjectNode req) {
        ObjectNode items = requestItems(req);
        record TableGet(String table, List<ObjectNode> keys, Projection projection) {
        }
        List<TableGet> gets = new ArrayList<>();
        int total = 0;
        for (var e : items.properties()) {
            ObjectNode spec = (ObjectNode) e.getValue();
            Items.refuseLegacy(spec);
            ArrayNode keys = Json.arr(spec, "Keys");
            if (keys == null || keys.isEmpty()) {
                throw ApiException.validation("1 validation error detected: Value null at 'requestItems." + e.getKey()
                        + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            total += keys.size();
            if (total > 100) {
                throw ApiException.validation("Too many items requested for the BatchGetItem call");
            }
            List<ObjectNode> validated = new ArrayList<>();
            keys.forEach(k -> validated.add(Items.validate((ObjectNode) k)));
            ObjectNode named = spec.deepCopy();
            named.put("TableName", e.getKey());
            TableOps.tableName(named);
            gets.add(new TableGet(e.getKey(), validated, ItemOps.projection(spec)));
        }
        return db.read(() -> {
            ObjectNode out = Json.object();
            ObjectNode responses = out.putObject("Responses");
            for (TableGet g : gets) {
                Table t = db.table(g.table());
                ArrayNode found = responses.putArray(g.table());
                Set<Keys.PrimaryKey> seen = new HashSet<>();
                for (ObjectNode k : g.keys()) {
                    Keys.PrimaryKey pk = Keys.ofKeyParameter(t.schema(), k);
                    if (!seen.add(pk)) {
                        throw ApiException.validation("Provided list of item keys contains duplicates");
                    }
                    ObjectNode item = t.get(pk);
                    if (item != null) {
                        found.add(g.projection() == null ? item : g.projection().apply(item));
                    }
                }
            }
            out.putObject("UnprocessedKeys");
            return out;
        });
    }

    private ObjectNode write(ObjectNode req) {
        ObjectNode items = requestItems(req);
        record Request(String table, ObjectNode item, ObjectNode key) {
        }
        List<Request> requests = new ArrayList<>();
        for (var e : items.properties()) {
            JsonNode list = e.getValue();
            if (!list.isArray() || list.isEmpty()) {
                throw ApiException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                        + "constraint: Map value must satisfy constraint: [Member must have length less than or equal "
                        + "to 25, Member must have length greater than or equal to 1]");
            }
            for (JsonNode r : list) {
                JsonNode put = r.get("PutRequest");
                JsonNode del = r.get("DeleteRequest");
                if ((put == null) == (del == null) || r.size() != 1) {
                    throw ApiException.validation("Supplied AttributeValue has more than one datatypes set, must contain "
                            + "exactly one of the supported datatypes");
                }
                if (put != null) {
                    JsonNode item = put.get("Item");
                    if (item == null || !item.isObject()) {
                        throw ApiException.validation("1 validation error detected: Value null at "
                                + "'requestItems." + e.getKey() + ".member.putRequest.item' failed to satisfy constraint: "
                                + "Member must not be null");
                    }
                    requests.add(new Request(e.getKey(), Items.validate((ObjectNode) item), null));
                } else {
                    JsonNode key = del.get("Key");
                    if (key == null || !key.isObject()) {
                        throw ApiException.validation("1 validation error detected: Value null at "
                                + "'requestItems." + e.getKey() + ".member.deleteRequest.key' failed to satisfy "
                                + "constraint: Member must not be null");
                    }
                    requests.add(new Request(e.getKey(), null, Items.validate((ObjectNode) key)));
                }
            }
        }
        if (requests.size() > 25) {
            throw ApiException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, "
                    + "Member must have length greater than or equal to 1]");
        }
        return db.write(() -> {
            List<Write> writes = new ArrayList<>(requests.size());
            Set<String> seen = new HashSet<>();
            for (Request r : requests) {
                Table t = db.table(r.table());
                Keys.PrimaryKey pk;
                if (r.item() != null) {
                    pk = Keys.ofItem(t.schema(), r.item());
                    Items.checkStorable(t.schema(), r.item(), false);
                    writes.add(Write.put(r.table(), r.item()));
                } else {
                    pk = Keys.ofKeyParameter(t.schema(), r.key());
                    writes.add(Write.delete(r.table(), r.key()));
                }
                if (!seen.add(r.table() + '\u0000' + pk.hash() + '\u0000' + pk.range())) {
                    throw ApiException.validation("Provided list of item keys contains duplicates");
                }
            }
            db.commit(writes);
            ObjectNode out = Json.object();
            out.putObject("UnprocessedItems");
            return out;
        });
    }
}
