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
        ops.put("PutItem", req -> write(ItemWrite.Kind.PUT, req));
        ops.put("UpdateItem", req -> write(ItemWrite.Kind.UPDATE, req));
        ops.put("DeleteItem", req -> write(ItemWrite.Kind.DELETE, req));
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

    private ObjectNode get(ObjectNode req) {
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
        if (Items.wantsCapacity(req)) {
            Items.capacity(out, req, table, Items.readUnits(item == null ? 0 : Items.size(item),
                    req.path("ConsistentRead").asBoolean(false)));
        }
        return out;
    }

    private ObjectNode write(ItemWrite.Kind kind, ObjectNode req) {
        ItemWrite w = ItemWrite.parse(kind, req, false);
        ObjectNode out = Json.object();
        double[] units = {1.0};
        boolean wantsCapacity = Items.wantsCapacity(req);
        db.write(() -> {
            ItemWrite.Outcome o = w.evaluate(db);
            if (wantsCapacity) {
                units[0] = Items.writeUnits(o.old(), o.now());
            }
            if (o.conditionFailed()) {
                throw ApiException.conditionFailed(w.allOldOnFailure ? o.old() : null);
            }
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
        Items.capacity(out, req, w.tableName, units[0]);
        return out;
    }
}
