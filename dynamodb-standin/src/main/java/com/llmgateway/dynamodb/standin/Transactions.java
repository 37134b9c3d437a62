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
import java.util.StringJoiner;

/**
 * TransactWriteItems and TransactGetItems. A write transaction evaluates every condition under the
 * engine's write lock and commits all its writes as one log record, or none; a failed condition
 * cancels it with the reasons in request order (API reference, "TransactWriteItems").
 */
final class Transactions {
    static final int MAX_ACTIONS = 100;
    /** "The aggregate size of the items in the transaction cannot exceed 4 MB" (API_TransactWriteItems). */
    static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;

    private final Database db;
    private final Idempotency tokens;

    Transactions(Database db, Idempotency tokens) {
        this.db = db;
        this.tokens = tokens;
    }

    void register(Map<String, Operation> ops) {
        ops.put("TransactWriteItems", this::write);
        ops.put("TransactGetItems", this::get);
    }

    /** TransactionCanceledException with these reasons, its message listing their codes. */
    static ApiException cancelled(ObjectNode[] reasons) {
        StringJoiner codes = new StringJoiner(", ", "[", "]");
        ArrayNode a = Json.array();
        for (ObjectNode r : reasons) {
            codes.add(r.get("Code").asText());
            a.add(r);
        }
        ObjectNode extra = Json.object();
        extra.set("CancellationReasons", a);
        return new ApiException(400, ApiException.DYNAMO + "TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes, extra, "Message");
    }

    private static ArrayNode actions(ObjectNode req) {
        ArrayNode items = Json.arr(req, "TransactItems");
        if (items == null) {
            throw ApiException.validation("1 validation error detected: Value null at 'transactItems' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        if (items.isEmpty() || items.size() > MAX_ACTIONS) {
            throw ApiException.validation("1 validation error detected: Value '[" + items.size() + " items]' at "
                    + "'transactItems' failed to satisfy constraint: Member must have length "
                    + (items.isEmpty() ? "greater than or equal to 1" : "less than or equal to " + MAX_ACTIONS));
        }
        return items;
    }

    private ObjectNode write(ObjectNode req, Capacity used) {
        ArrayNode items = actions(req);
        List<ItemWrite> writes = new ArrayList<>(items.size());
        for (JsonNode action : items) {
            if (!action.isObject() || action.size() != 1) {
                throw ApiException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            var e = action.properties().iterator().next();
            ItemWrite.Kind kind = switch (e.getKey()) {
                case "Put" -> ItemWrite.Kind.PUT;
                case "Update" -> ItemWrite.Kind.UPDATE;
                case "Delete" -> ItemWrite.Kind.DELETE;
                case "ConditionCheck" -> ItemWrite.Kind.CHECK;
                default -> throw ApiException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            };
            if (!e.getValue().isObject()) {
                throw ApiException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            writes.add(ItemWrite.parse(kind, (ObjectNode) e.getValue(), true));
        }
        long bytes = 0;
        for (ItemWrite w : writes) {
            bytes += w.payloadSize();
        }
        if (bytes > MAX_TRANSACTION_BYTES) {
            // DynamoDB refuses the whole request up front; its exact wording is not documented, so this
            // says what the API reference says.
            throw ApiException.validation("Transaction request size has exceeded the maximum allowed size: "
                    + "the aggregate size of the items in the transaction cannot exceed 4 MB");
        }
        String token = Json.text(req, "ClientRequestToken");
        return db.write(() -> {
            if (token != null) {
                ObjectNode earlier = tokens.replay(token, req);
                if (earlier != null) {
                    // API reference, TransactWriteItems: a repeated call with the same token changes
                    // nothing and consumes the read units of reading each item.
                    for (ItemWrite w : writes) {
                        Table t = db.table(w.tableName);
                        used.readItem(w.tableName, t.get(w.key(t)), true, 1);
                    }
                    return earlier.deepCopy();
                }
            }
            Set<String> seen = new HashSet<>();
            List<ItemWrite.Outcome> outcomes = new ArrayList<>(writes.size());
            for (ItemWrite w : writes) {
                Table t = db.table(w.tableName);
                Keys.PrimaryKey k = w.key(t);
                if (!seen.add(w.tableName + '\u0000' + k.hash() + '\u0000' + k.range())) {
                    throw ApiException.validation("Transaction request cannot include multiple operations on one item");
                }
            }
            boolean failed = false;
            for (ItemWrite w : writes) {
                ItemWrite.Outcome o = w.evaluate(db);
                failed |= o.conditionFailed();
                outcomes.add(o);
            }
            if (failed) {
                // A cancelled transaction still read each item: charged as a failed conditional write of
                // the existing item (not doubled: nothing is committed).
                for (ItemWrite.Outcome o : outcomes) {
                    used.failedWrite(o.write().tableName, o.old());
                }
                ObjectNode[] reasons = new ObjectNode[outcomes.size()];
                for (int i = 0; i < reasons.length; i++) {
                    ItemWrite.Outcome o = outcomes.get(i);
                    if (!o.conditionFailed()) {
                        reasons[i] = Json.object().put("Code", "None");
                    } else {
                        reasons[i] = Json.object().put("Code", "ConditionalCheckFailed")
                                .put("Message", "The conditional request failed");
                        if (o.write().allOldOnFailure && o.old() != null) {
                            reasons[i].set("Item", o.old());
                        }
                    }
                }
                throw cancelled(reasons);
            }
            List<Write> mutations = new ArrayList<>();
            for (ItemWrite.Outcome o : outcomes) {
                if (o.write().kind == ItemWrite.Kind.CHECK) {
                    used.conditionCheck(o.write().tableName, o.old());
                } else {
                    used.itemWrite(o.table(), o.old(), o.now(), 2);
                }
                Write m = o.mutation();
                if (m != null) {
                    mutations.add(m);
                }
            }
            db.commit(mutations);
            ObjectNode out = Json.object();
            if (token != null) {
                tokens.remember(token, req, out.deepCopy());
            }
            return out;
        });
    }

    private ObjectNode get(ObjectNode req, Capacity used) {
        ArrayNode items = actions(req);
        record Get(String table, ObjectNode key, Projection projection) {
        }
        List<Get> gets = new ArrayList<>();
        for (JsonNode action : items) {
            JsonNode g = action.get("Get");
            if (g == null || !g.isObject() || action.size() != 1) {
                throw ApiException.validation("TransactItems can only contain Get");
            }
            ObjectNode get = (ObjectNode) g;
            ObjectNode rawKey = Json.obj(get, "Key");
            if (rawKey == null) {
                throw ApiException.validation("1 validation error detected: Value null at 'transactItems.1.member.get.key' "
                        + "failed to satisfy constraint: Member must not be null");
            }
            gets.add(new Get(TableOps.tableName(get), Items.validate(rawKey), ItemOps.projection(get)));
        }
        return db.read(() -> {
            ObjectNode out = Json.object();
            ArrayNode responses = out.putArray("Responses");
            Set<String> seen = new HashSet<>();
            for (Get g : gets) {
                Table t = db.table(g.table());
                Keys.PrimaryKey k = Keys.ofKeyParameter(t.schema(), g.key());
                if (!seen.add(g.table() + '\u0000' + k.hash() + '\u0000' + k.range())) {
                    throw ApiException.validation("Transaction request cannot include multiple operations on one item");
                }
                ObjectNode item = t.get(k);
                used.readItem(g.table(), item, true, 2);
                ObjectNode r = responses.addObject();
                if (item != null) {
                    r.set("Item", g.projection() == null ? item : g.projection().apply(item));
                }
            }
            return out;
        });
    }
}
