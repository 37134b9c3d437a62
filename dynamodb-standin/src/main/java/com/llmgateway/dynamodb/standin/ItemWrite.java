package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.dynamodb.standin.expr.Condition;
import com.llmgateway.dynamodb.standin.expr.ExpressionContext;
import com.llmgateway.dynamodb.standin.expr.Update;

/**
 * One single-item write (Put, Update, Delete, or a transaction's ConditionCheck), parsed and
 * validated outside the lock, then {@link #evaluate evaluated} under the write lock against the
 * current item. PutItem/UpdateItem/DeleteItem and TransactWriteItems share it, so a condition means
 * the same thing in both.
 */
final class ItemWrite {
    enum Kind { PUT, UPDATE, DELETE, CHECK }

    /** What evaluating the write against the current state gave. */
    record Outcome(ItemWrite write, Table table, ObjectNode old, ObjectNode now, boolean conditionFailed) {
        /** The log mutation, or null when nothing changes (a ConditionCheck). */
        Write mutation() {
            return switch (write.kind) {
                case PUT, UPDATE -> Write.put(write.tableName, now);
                case DELETE -> old == null ? null : Write.delete(write.tableName, Keys.keyAttributes(table.schema(), old));
                case CHECK -> null;
            };
        }
    }

    final Kind kind;
    final String tableName;
    private final ObjectNode itemOrKey;
    private final Condition condition;
    private final Update update;
    final String returnValues;
    final boolean allOldOnFailure;

    private ItemWrite(Kind kind, String tableName, ObjectNode itemOrKey, Condition condition, Update update,
            String returnValues, boolean allOldOnFailure) {
        this.kind = kind;
        this.tableName = tableName;
        this.itemOrKey = itemOrKey;
        this.condition = condition;
        this.update = update;
        this.returnValues = returnValues;
        this.allOldOnFailure = allOldOnFailure;
    }

    /** The size of the item (Put) or key (others) this write carries, for the transaction size limit. */
    long payloadSize() {
        return Items.size(itemOrKey);
    }

    /** Parses a PutItem/UpdateItem/DeleteItem request or a transaction's action of that kind. */
    static ItemWrite parse(Kind kind, ObjectNode req, boolean inTransaction) {
        Items.refuseLegacy(req);
        String table = TableOps.tableName(req);
        String field = kind == Kind.PUT ? "Item" : "Key";
        ObjectNode raw = Json.obj(req, field);
        if (raw == null) {
            throw ApiException.validation("1 validation error detected: Value null at '" + (kind == Kind.PUT ? "item" : "key")
                    + "' failed to satisfy constraint: Member must not be null");
        }
        ObjectNode itemOrKey = Items.validate(raw);
        String conditionText = Json.text(req, "ConditionExpression");
        String updateText = kind == Kind.UPDATE ? Json.text(req, "UpdateExpression") : null;
        if (kind == Kind.CHECK && conditionText == null) {
            throw ApiException.validation("1 validation error detected: Value null at 'conditionExpression' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        Items.refuseStrayMaps(req, conditionText != null || updateText != null);
        ExpressionContext ctx = new ExpressionContext(Json.names(req), Json.values(req));
        Condition condition = conditionText == null ? null : ctx.condition(conditionText, "ConditionExpression");
        Update update = updateText == null ? null : ctx.update(updateText);
        ctx.checkAllUsed();
        String rv = inTransaction ? "NONE" : returnValues(kind, Json.text(req, "ReturnValues"));
        String onFailure = Json.text(req, "ReturnValuesOnConditionCheckFailure");
        if (onFailure != null && !onFailure.equals("NONE") && !onFailure.equals("ALL_OLD")) {
            throw ApiException.validation("1 validation error detected: Value '" + onFailure + "' at "
                    + "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum "
                    + "value set: [ALL_OLD, NONE]");
        }
        return new ItemWrite(kind, table, itemOrKey, condition, update, rv, "ALL_OLD".equals(onFailure));
    }

    private static String returnValues(Kind kind, String rv) {
        if (rv == null) {
            return "NONE";
        }
        switch (rv) {
            case "NONE", "ALL_OLD" -> {
                return rv;
            }
            case "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW" -> {
                if (kind == Kind.UPDATE) {
                    return rv;
                }
                throw ApiException.validation("ReturnValues can only be ALL_OLD or NONE");
            }
            default -> throw ApiException.validation("1 validation error detected: Value '" + rv + "' at 'returnValues' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        }
    }

    /** The key this write addresses (validated against the table's schema). Call under the lock. */
    Keys.PrimaryKey key(Table t) {
        return kind == Kind.PUT ? Keys.ofItem(t.schema(), itemOrKey) : Keys.ofKeyParameter(t.schema(), itemOrKey);
    }

    /** Evaluates the condition and computes the new item. Call under the write lock. */
    Outcome evaluate(Database db) {
        Table t = db.table(tableName);
        TableSchema s = t.schema();
        Keys.PrimaryKey key = key(t);
        if (kind == Kind.UPDATE) {
            checkKeyNotUpdated(s); // a validation error, so it wins over a failing condition
        }
        ObjectNode old = t.get(key);
        if (condition != null && !condition.test(old == null ? Json.object() : old)) {
            return new Outcome(this, t, old, null, true);
        }
        ObjectNode now = switch (kind) {
            case PUT -> {
                Items.checkStorable(s, itemOrKey, false);
                yield itemOrKey;
            }
            case UPDATE -> {
                ObjectNode base = old != null ? old : itemOrKey;
                ObjectNode updated = update == null ? base : update.apply(base);
                Items.checkStorable(s, updated, true);
                yield updated;
            }
            case DELETE, CHECK -> null;
        };
        return new Outcome(this, t, old, now, false);
    }

    /** The Attributes of the response for this write's ReturnValues, or null for none. */
    ObjectNode returned(Outcome o) {
        ObjectNode a = switch (returnValues) {
            case "ALL_OLD" -> o.old();
            case "ALL_NEW" -> o.now();
            case "UPDATED_OLD" -> o.old() == null || update == null ? null : update.updatedPaths().apply(o.old());
            case "UPDATED_NEW" -> update == null ? null : update.updatedPaths().apply(o.now());
            default -> null;
        };
        return a == null || a.isEmpty() ? null : a;
    }

    /** Refuses a key attribute in UpdateExpression even before the item is read. */
    void checkKeyNotUpdated(TableSchema s) {
        if (update != null) {
            for (String attr : update.topLevelAttributes()) {
                if (s.isKeyAttribute(attr)) {
                    throw ApiException.validation("One or more parameter values were invalid: Cannot update attribute "
                            + attr + ". This attribute is part of the key");
                }
            }
        }
    }
}
