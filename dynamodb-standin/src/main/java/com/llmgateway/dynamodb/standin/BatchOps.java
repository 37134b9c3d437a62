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
 * BatchGetItem (at most 100 keys) and BatchWriteItem (at most 25 requests, no key twice). A
 * BatchGetItem answers at most 16 MB of items and hands the rest back in UnprocessedKeys, as
 * DynamoDB does (API reference, "BatchGetItem": "A single operation can retrieve up to 16 MB of
 * data ... BatchGetItem returns a partial result if the response size limit is exceeded");
 * UnprocessedItems is always empty. A BatchWriteItem
 * is applied as one log record (stronger than DynamoDB, which applies each request on its own).
 */
final class BatchOps {
    /** The most item data one BatchGetItem answers. */
    static final long MAX_GET_BYTES = 16L * 1024 * 1024;

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

    private ObjectNode get(ObjectNode req, Capacity used) {
        ObjectNode items = requestItems(req);
        record TableGet(String table, ObjectNode spec, List<ObjectNode> keys, Projection projection) {
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
            gets.add(new TableGet(e.getKey(), spec, validated, ItemOps.projection(spec)));
        }
        return db.read(() -> {
            ObjectNode out = Json.object();
            ObjectNode responses = out.putObject("Responses");
            ObjectNode unprocessed = out.putObject("UnprocessedKeys");
            long bytes = 0;
            boolean full = false;
            for (TableGet g : gets) {
                Table t = db.table(g.table());
                ArrayNode found = responses.putArray(g.table());
                ArrayNode rest = null;
                Set<Keys.PrimaryKey> seen = new HashSet<>();
                for (ObjectNode k : g.keys()) {
                    Keys.PrimaryKey pk = Keys.ofKeyParameter(t.schema(), k);
                    if (!seen.add(pk)) {
                        throw ApiException.validation("Provided list of item keys contains duplicates");
                    }
                    ObjectNode item = full ? null : t.get(pk);
                    if (!full) {
                        // each key as its own GetItem: the whole item rounded up to 4 KB, the minimum when absent
                        used.readItem(g.table(), item, g.spec().path("ConsistentRead").asBoolean(false), 1);
                    }
                    if (item != null) {
                        ObjectNode answer = g.projection() == null ? item : g.projection().apply(item);
                        long size = Items.size(answer);
                        if (bytes + size > MAX_GET_BYTES) {
                            full = true; // this key and every later one are handed back
                        } else {
                            bytes += size;
                            found.add(answer);
                        }
                    }
                    if (full) {
                        if (rest == null) {
                            // The caller retries UnprocessedKeys as they are: keep its projection and consistency.
                            ObjectNode again = g.spec().deepCopy();
                            rest = again.putArray("Keys");
                            unprocessed.set(g.table(), again);
                        }
                        rest.add(k);
                    }
                }
            }
            return out;
        });
    }

    private ObjectNode write(ObjectNode req, Capacity used) {
        ObjectNode items = requestItems(req);
        record Request(String table, ObjectNode item, ObjectNode key) {
        }
        List<Request> requests = new ArrayList<>();
        for (var e : items.properties()) {
            JsonNode list = e.getValue();
            if (!list.isArray() || list.isEmpty() || list.size() > 25) {
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
            // each table's list is at most 25 (the constraint above); across tables the call as a whole is
            throw ApiException.validation("Too many items requested for the BatchWriteItem call");
        }
        return db.write(() -> {
            Capacity mine = new Capacity();
            List<Write> writes = new ArrayList<>(requests.size());
            Set<String> seen = new HashSet<>();
            for (Request r : requests) {
                Table t = db.table(r.table());
                Keys.PrimaryKey pk;
                if (r.item() != null) {
                    pk = Keys.ofItem(t.schema(), r.item());
                    Items.checkStorable(t.schema(), r.item(), false);
                    writes.add(Write.put(r.table(), r.item()));
                    mine.itemWrite(t, t.get(pk), r.item(), 1);
                } else {
                    pk = Keys.ofKeyParameter(t.schema(), r.key());
                    writes.add(Write.delete(r.table(), r.key()));
                    mine.itemWrite(t, t.get(pk), null, 1);
                }
                if (!seen.add(r.table() + '\u0000' + pk.hash() + '\u0000' + pk.range())) {
                    throw ApiException.validation("Provided list of item keys contains duplicates");
                }
            }
            db.commit(writes);
            used.add(mine); // only once the whole batch is accepted
            ObjectNode out = Json.object();
            out.putObject("UnprocessedItems");
            return out;
        });
    }
}
