package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * An operand of a condition or of a SET action: a document path, a {@code :value}, or a function of
 * operands. Immutable; {@link #resolve} returns the operand bound to one request's names and values.
 */
sealed interface Operand {
    Operand resolve(Binder binder);

    /** The value in {@code item}, or null when it does not exist (conditions treat that as false). */
    ObjectNode eval(ObjectNode item);

    /** The type known before evaluation ({@code :value}s and typed functions), else null. */
    default String staticType() {
        return null;
    }

    /** Adds the top-level attribute names this operand reads. */
    default void collectHeads(Set<String> heads) {
    }

    /** A document path. */
    record PathOp(Path path) implements Operand {
        @Override
        public Operand resolve(Binder binder) {
            Path p = path.resolve(binder);
            return p == path ? this : new PathOp(p);
        }

        @Override
        public ObjectNode eval(ObjectNode item) {
            return Documents.get(item, path);
        }

        @Override
        public void collectHeads(Set<String> heads) {
            heads.add(path.head());
        }
    }

    /** A {@code :placeholder}; {@code value} is null until bound (or when undefined). */
    record ValueOp(String placeholder, ObjectNode value) implements Operand {
        @Override
        public Operand resolve(Binder binder) {
            return new ValueOp(placeholder, binder.value(placeholder));
        }

        @Override
        public ObjectNode eval(ObjectNode item) {
            return value;
        }

        @Override
        public String staticType() {
            return AttributeValues.typeOf(value);
        }
    }

    /**
     * {@code size(path)}: string length, binary bytes, or the number of elements of a set, list or map;
     * undefined (null) for other types. Developer Guide, "Condition and filter expressions, operators
     * and functions" → size.
     */
    record Size(Operand arg) implements Operand {
        @Override
        public Operand resolve(Binder binder) {
            Operand a = arg.resolve(binder);
            String t = a.staticType();
            if ("N".equals(t) || "BOOL".equals(t) || "NULL".equals(t)) {
                binder.fail(Binder.Kind.FUNCTION,
                        "Incorrect operand type for operator or function; operator or function: size, operand type: " + t);
            }
            return new Size(a);
        }

        @Override
        public ObjectNode eval(ObjectNode item) {
            ObjectNode v = arg.eval(item);
            String type = AttributeValues.typeOf(v);
            if (type == null) {
                return null;
            }
            JsonNode content = v.get(type);
            long size = switch (type) {
                // Length in characters (code points); DynamoDB's documentation says "the length of the string".
                case "S" -> content.textValue().codePointCount(0, content.textValue().length());
                case "B" -> AttributeValues.base64Length(content.textValue());
                case "SS", "NS", "BS", "L", "M" -> content.size();
                default -> -1;
            };
            return size < 0 ? null : AttributeValues.NODES.objectNode().put("N", Long.toString(size));
        }

        @Override
        public String staticType() {
            return "N";
        }

        @Override
        public void collectHeads(Set<String> heads) {
            arg.collectHeads(heads);
        }
    }

    /** {@code a + b} or {@code a - b} in a SET action. */
    record Arith(Operand left, Operand right, boolean plus) implements Operand {
        @Override
        public Operand resolve(Binder binder) {
            Operand l = left.resolve(binder);
            Operand r = right.resolve(binder);
            for (Operand o : new Operand[] {l, r}) {
                if (o instanceof ValueOp v && v.value() != null && !"N".equals(v.staticType())) {
                    binder.fail(Binder.Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: "
                            + (plus ? "+" : "-") + ", operand type: " + v.staticType());
                }
            }
            return new Arith(l, r, plus);
        }

        @Override
        public ObjectNode eval(ObjectNode item) {
            return UpdateExpr.evalSetValue(this, item);
        }

        @Override
        public String staticType() {
            return "N";
        }

        @Override
        public void collectHeads(Set<String> heads) {
            left.collectHeads(heads);
            right.collectHeads(heads);
        }
    }

    /** {@code if_not_exists(path, operand)} in a SET action. */
    record IfNotExists(Operand path, Operand fallback) implements Operand {
        @Override
        public Operand resolve(Binder binder) {
            return new IfNotExists(path.resolve(binder), fallback.resolve(binder));
        }

        @Override
        public ObjectNode eval(ObjectNode item) {
            return UpdateExpr.evalSetValue(this, item);
        }

        @Override
        public void collectHeads(Set<String> heads) {
            path.collectHeads(heads);
            fallback.collectHeads(heads);
        }
    }

    /** {@code list_append(a, b)} in a SET action. */
    record ListAppend(Operand first, Operand second) implements Operand {
        @Override
        public Operand resolve(Binder binder) {
            Operand a = first.resolve(binder);
            Operand b = second.resolve(binder);
            for (Operand o : new Operand[] {a, b}) {
                if (o instanceof ValueOp v && v.value() != null && !"L".equals(v.staticType())) {
                    binder.fail(Binder.Kind.FUNCTION,
                            "Incorrect operand type for operator or function; operator or function: list_append, operand type: "
                                    + v.staticType());
                }
            }
            return new ListAppend(a, b);
        }

        @Override
        public ObjectNode eval(ObjectNode item) {
            return UpdateExpr.evalSetValue(this, item);
        }

        @Override
        public String staticType() {
            return "L";
        }

        @Override
        public void collectHeads(Set<String> heads) {
            first.collectHeads(heads);
            second.collectHeads(heads);
        }
    }

    /**
     * Stands in for a function that is unknown or used where it is not allowed; the parser has already
     * recorded the error, so this never reaches evaluation.
     */
    record Invalid(String function) implements Operand {
        @Override
        public Operand resolve(Binder binder) {
            return this;
        }

        @Override
        public ObjectNode eval(ObjectNode item) {
            return null;
        }
    }
}
