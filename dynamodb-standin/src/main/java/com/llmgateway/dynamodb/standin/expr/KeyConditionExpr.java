package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bound KeyConditionExpression, made from a parsed condition by checking it against the key schema.
 * Only AND may join conditions; the partition key needs {@code =}; the sort key takes one of
 * {@code = < <= > >= BETWEEN begins_with}. Developer Guide, "Querying tables in DynamoDB" → "Key
 * condition expressions for query". The wordings are DynamoDB's (none of them carries the
 * "Invalid KeyConditionExpression: " prefix).
 */
final class KeyConditionExpr implements KeyCondition {
    /** One key's condition: operator and values. */
    private record Part(String operator, List<ObjectNode> values) {
    }

    private static final String PARAMETER_TYPE =
            "One or more parameter values were invalid: Condition parameter type does not match schema type";

    private final ObjectNode hashValue;
    private final Part range;

    private KeyConditionExpr(ObjectNode hashValue, Part range) {
        this.hashValue = hashValue;
        this.range = range;
    }

    /**
     * @param hashType  the partition key's type (S, N or B) to check the value against; null: unchecked
     * @param rangeType the sort key's type; null: unchecked
     */
    static KeyConditionExpr of(Cond cond, String hashKey, String hashType, String rangeKey, String rangeType) {
        Map<String, Part> parts = new LinkedHashMap<>();
        collect(cond, parts);
        if (parts.size() > 2) {
            throw new ValidationError("Conditions can be of length 1 or 2 only");
        }
        if (rangeKey == null && parts.size() > 1) {
            throw new ValidationError("Query key condition not supported");
        }
        Part hash = parts.get(hashKey);
        if (hash == null) {
            throw new ValidationError("Query condition missed key schema element: " + hashKey);
        }
        checkType(hash, hashType);
        if (!hash.operator().equals("=")) {
            throw new ValidationError("Query key condition not supported");
        }
        Part range = rangeKey == null ? null : parts.get(rangeKey);
        if (rangeKey != null && range == null && parts.size() > 1) {
            throw new ValidationError("Query condition missed key schema element: " + rangeKey);
        }
        if (range != null) {
            checkType(range, rangeType);
        }
        return new KeyConditionExpr(hash.values().get(0), range);
    }

    private static void checkType(Part part, String type) {
        if (type == null) {
            return;
        }
        for (ObjectNode v : part.values()) {
            if (!type.equals(AttributeValues.typeOf(v))) {
                throw new ValidationError(PARAMETER_TYPE);
            }
        }
    }

    private static ValidationError invalidOperator(String operator) {
        return new ValidationError("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static void collect(Cond cond, Map<String, Part> parts) {
        switch (cond) {
            case Cond.And and -> {
                collect(and.left(), parts);
                collect(and.right(), parts);
            }
            case Cond.Or or -> throw invalidOperator("OR");
            case Cond.Not not -> throw invalidOperator("NOT");
            case Cond.In in -> throw invalidOperator("IN");
            case Cond.Exists e -> throw invalidOperator(e.function());
            case Cond.AttrType t -> throw invalidOperator("attribute_type");
            case Cond.Contains c -> throw invalidOperator("contains");
            case Cond.Invalid i -> throw invalidOperator(i.function());
            case Cond.Compare c -> {
                if (c.op() == Cond.Op.NE) {
                    throw invalidOperator("<>");
                }
                boolean keyOnLeft = c.left() instanceof Operand.PathOp;
                String key = key(List.of(c.left(), c.right()));
                Operand value = keyOnLeft ? c.right() : c.left();
                Cond.Op op = keyOnLeft ? c.op() : c.op().flip();
                put(parts, key, new Part(op.symbol, List.of(value(value))));
            }
            case Cond.Between b -> {
                noNesting(List.of(b.value(), b.low(), b.high()));
                if (!(b.value() instanceof Operand.PathOp)) {
                    throw new ValidationError("Invalid condition in KeyConditionExpression: "
                            + "BETWEEN operator must have the key attribute as its first operand");
                }
                String key = key(List.of(b.value(), b.low(), b.high()));
                put(parts, key, new Part("BETWEEN", List.of(value(b.low()), value(b.high()))));
            }
            case Cond.BeginsWith bw -> {
                noNesting(List.of(bw.value(), bw.prefix()));
                if (!(bw.value() instanceof Operand.PathOp)) {
                    throw new ValidationError("Invalid condition in KeyConditionExpression: "
                            + "begins_with operator must have the key attribute as its first operand");
                }
                String key = key(List.of(bw.value(), bw.prefix()));
                put(parts, key, new Part("begins_with", List.of(value(bw.prefix()))));
            }
        }
    }

    private static void noNesting(List<Operand> operands) {
        for (Operand o : operands) {
            if (!(o instanceof Operand.PathOp) && !(o instanceof Operand.ValueOp)) {
                throw new ValidationError("KeyConditionExpressions cannot contain nested operations");
            }
        }
    }

    /** The one key attribute among the operands. */
    private static String key(List<Operand> operands) {
        noNesting(operands);
        String key = null;
        for (Operand o : operands) {
            if (o instanceof Operand.PathOp p) {
                if (key != null) {
                    throw new ValidationError(
                            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
                }
                if (p.path().length() > 1) {
                    throw new ValidationError("KeyConditionExpressions cannot have conditions on nested attributes");
                }
                key = p.path().head();
            }
        }
        if (key == null) {
            throw new ValidationError("Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        return key;
    }

    private static ObjectNode value(Operand o) {
        return ((Operand.ValueOp) o).value();
    }

    private static void put(Map<String, Part> parts, String key, Part part) {
        if (parts.putIfAbsent(key, part) != null) {
            throw new ValidationError("KeyConditionExpressions must only contain one condition per key");
        }
    }

    @Override
    public ObjectNode hashValue() {
        return hashValue;
    }

    @Override
    public boolean matchesRange(ObjectNode v) {
        if (range == null) {
            return true;
        }
        List<ObjectNode> values = range.values();
        return switch (range.operator()) {
            case "=" -> AttributeValues.equal(v, values.get(0));
            case "<" -> Cond.ordered(Cond.Op.LT, v, values.get(0));
            case "<=" -> Cond.ordered(Cond.Op.LE, v, values.get(0));
            case ">" -> Cond.ordered(Cond.Op.GT, v, values.get(0));
            case ">=" -> Cond.ordered(Cond.Op.GE, v, values.get(0));
            case "BETWEEN" -> Cond.ordered(Cond.Op.GE, v, values.get(0)) && Cond.ordered(Cond.Op.LE, v, values.get(1));
            default -> Cond.BeginsWith.beginsWith(v, values.get(0));
        };
    }

    @Override
    public String rangeOperator() {
        return range == null ? null : range.operator();
    }

    @Override
    public List<ObjectNode> rangeValues() {
        return range == null ? List.of() : range.values();
    }
}
