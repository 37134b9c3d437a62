package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.dynamodb.standin.expr.ExpressionContext;
import com.llmgateway.dynamodb.standin.expr.Projection;
import java.util.List;
import java.util.Map;

/** GetItem, PutItem, UpdateItem, DeleteItem. */
final class ItemOps {
    private final Database db;

    ItemOps(Database db) {
        this.db = db;
    }

    void register(Map<String, Operation> ops) {
        ops.put("GetItem", this::get);
        ops.put("PutItem", (req, used) -> write(ItemWrite.Kind.PUT, req, used));
        ops.put("UpdateItem", (req, used) -> write(ItemWrite.Kind.UPDATE, req, used));
        ops.put("DeleteItem", (req, used) -> write(ItemWrite.Kind.DELETE, req, used));
    }

    /** A parsed ProjectionExpression (null when none), with the request's names checked as used. */
    static Projection projection(ObjectNode req) {
        String text = Json.text(req, "ProjectionExpression");
        Items.refuseStrayMaps(req, text != null);
        if (req.has("ExpressionAttributeValues")) {
            throw ApiException.validation("ExpressionAttributeValues can only be specified when using expressions: "
                    + "ProjectionExpression");
        }
        if (text == null) {
            return null;
        }
        ExpressionContext ctx = new ExpressionContext(Json.names(req), null);
        Projection p = ctx.projection(text);
        ctx.checkAllUsed();
        return p;
    }

    private ObjectNode get(ObjectNode req, Capacity used) {
        Items.refuseLegacy(req);
        String table = TableOps.tableName(req);
        ObjectNode rawKey = Json.obj(req, "Key");
        if (rawKey == null) {
            throw ApiException.validation("1 validation error detected: Value null at 'key' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        ObjectNode key = Items.validate(rawKey);
        Projection projection = projection(req);
        ObjectNode item = db.read(() -> {
            Table t = db.table(table);
            return t.get(Keys.ofKeyParameter(t.schema(), key));
        });
        ObjectNode out = Json.object();
        if (item != null) {
            out.set("Item", projection == null ? item : projection.apply(item));
        }
        // the whole item's size, whatever the projection; an absent item still costs the minimum
        used.readItem(table, item, req.path("ConsistentRead").asBoolean(false), 1);
        return out;
    }

    private ObjectNode write(ItemWrite.Kind kind, ObjectNode req, Capacity used) {
        ItemWrite w = ItemWrite.parse(kind, req, false);
        ObjectNode out = Json.object();
        db.write(() -> {
            ItemWrite.Outcome o = w.evaluate(db);
            if (o.conditionFailed()) {
                used.failedWrite(w.tableName, o.old());
                throw ApiException.conditionFailed(w.allOldOnFailure ? o.old() : null);
            }
            used.itemWrite(o.table(), o.old(), o.now(), 1);
            Write m = o.mutation();
            if (m != null) {
                db.commit(List.of(m));
            }
            ObjectNode attributes = w.returned(o);
            if (attributes != null) {
                out.set("Attributes", attributes);
            }
            return null;
        });
        return out;
    }
}
