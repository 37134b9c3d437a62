package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A node of a condition (ConditionExpression, FilterExpression, KeyConditionExpression). Immutable;
 * {@link #resolve} binds it to one request's names and values. Semantics: Developer Guide, "Condition
 * and filter expressions, operators and functions" — a comparison with a missing attribute or with a
 * value of another type is false (not an error); {@code < <= > >= BETWEEN} apply to S, N and B only.
 */
sealed interface Cond {
    Cond resolve(Binder binder);

    boolean test(ObjectNode item);

    void collectHeads(Set<String> heads);

    /** {@code = <> < <= > >=}. */
    enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The operator seen from the other side: {@code :v < a} is {@code a > :v}. */
        Op flip() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }

        boolean holds(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }
    }

    /** Compares two values with an ordering operator: false unless both exist, share a type, and it is S, N or B. */
    static boolean ordered(Op op, ObjectNode a, ObjectNode b) {
        String type = AttributeValues.typeOf(a);
        if (type == null || !type.equals(AttributeValues.typeOf(b))
                || !("S".equals(type) || "N".equals(type) || "B".equals(type))) {
            return false;
        }
        return op.holds(AttributeValues.compareScalars(type, a.get(type), b.get(type)));
    }

    /**
     * Ordering operators and BETWEEN apply to S, N and B only; an operand whose type is known when the
     * expression is bound (a value placeholder) and is another type is refused up front, as DynamoDB
     * does ("Incorrect operand type for operator or function; operator or function: <, operand type:
     * BOOL"). Paths are only known per item, where a mismatch is simply false.
     */
    static void checkOrderable(Binder binder, String operator, Operand o) {
        if (o instanceof Operand.ValueOp v && v.value() != null) {
            String t = v.staticType();
            if (t != null && !"S".equals(t) && !"N".equals(t) && !"B".equals(t)) {
                binder.fail(Binder.Kind.FUNCTION, "Incorrect operand type for operator or function; "
                        + "operator or function: " + operator + ", operand type: " + t);
            }
        }
    }

    /** Checks that both operands are not the same path ({@code a = a} is refused). */
    static void checkDistinct(Binder binder, String operator, Operand a, Operand b) {
        if (a instanceof Operand.PathOp pa && b instanceof Operand.PathOp pb && pa.path().equals(pb.path())) {
            binder.fail(Binder.Kind.DISTINCT, "The first operand must be distinct from the remaining operands for this "
                    + "operator or function; operator: " + operator + ", first operand: " + pa.path());
        }
    }

    record Compare(Op op, Operand left, Operand right) implements Cond {
        @Override
        public Cond resolve(Binder binder) {
            Operand l = left.resolve(binder);
            Operand r = right.resolve(binder);
            if (op != Op.EQ && op != Op.NE) {
                checkOrderable(binder, op.symbol, l);
                checkOrderable(binder, op.symbol, r);
            }
            checkDistinct(binder, op.symbol, l, r);
            return new Compare(op, l, r);
        }

        @Override
        public boolean test(ObjectNode item) {
            ObjectNode a = left.eval(item);
            ObjectNode b = right.eval(item);
            return switch (op) {
                case EQ -> AttributeValues.equal(a, b);
                case NE -> !AttributeValues.equal(a, b);
                default -> ordered(op, a, b);
            };
        }

        @Override
        public void collectHeads(Set<String> heads) {
            left.collectHeads(heads);
            right.collectHeads(heads);
        }
    }

    record Between(Operand value, Operand low, Operand high) implements Cond {
        @Override
        public Cond resolve(Binder binder) {
            Operand v = value.resolve(binder);
            Operand lo = low.resolve(binder);
            Operand hi = high.resolve(binder);
            checkOrderable(binder, "BETWEEN", v);
            checkOrderable(binder, "BETWEEN", lo);
            checkOrderable(binder, "BETWEEN", hi);
            if (lo instanceof Operand.ValueOp a && hi instanceof Operand.ValueOp b && a.value() != null && b.value() != null) {
                String ta = a.staticType();
                String tb = b.staticType();
                String bounds = "lower bound operand: AttributeValue: {" + ta + ":" + a.value().get(ta).asText()
                        + "}, upper bound operand: AttributeValue: {" + tb + ":" + b.value().get(tb).asText() + "}";
                if (!ta.equals(tb)) {
                    binder.fail(Binder.Kind.FUNCTION,
                            "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
                } else if (ordered(Op.GT, a.value(), b.value())) {
                    binder.fail(Binder.Kind.FUNCTION,
                            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + bounds);
                }
            }
            return new Between(v, lo, hi);
        }

        @Override
        public boolean test(ObjectNode item) {
            ObjectNode v = value.eval(item);
            return ordered(Op.GE, v, low.eval(item)) && ordered(Op.LE, v, high.eval(item));
        }

        @Override
        public void collectHeads(Set<String> heads) {
            value.collectHeads(heads);
            low.collectHeads(heads);
            high.collectHeads(heads);
        }
    }

    record In(Operand value, List<Operand> candidates) implements Cond {
        public In {
            candidates = List.copyOf(candidates);
        }

        @Override
        public Cond resolve(Binder binder) {
            List<Operand> c = new ArrayList<>(candidates.size());
            for (Operand o : candidates) {
                c.add(o.resolve(binder));
            }
            return new In(value.resolve(binder), c);
        }

        @Override
        public boolean test(ObjectNode item) {
            ObjectNode v = value.eval(item);
            if (v == null) {
                return false;
            }
            for (Operand o : candidates) {
                if (AttributeValues.equal(v, o.eval(item))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void collectHeads(Set<String> heads) {
            value.collectHeads(heads);
            candidates.forEach(o -> o.collectHeads(heads));
        }
    }

    record And(Cond left, Cond right) implements Cond {
        @Override
        public Cond resolve(Binder binder) {
            return new And(left.resolve(binder), right.resolve(binder));
        }

        @Override
        public boolean test(ObjectNode item) {
            return left.test(item) && right.test(item);
        }

        @Override
        public void collectHeads(Set<String> heads) {
            left.collectHeads(heads);
            right.collectHeads(heads);
        }
    }

    record Or(Cond left, Cond right) implements Cond {
        @Override
        public Cond resolve(Binder binder) {
            return new Or(left.resolve(binder), right.resolve(binder));
        }

        @Override
        public boolean test(ObjectNode item) {
            return left.test(item) || right.test(item);
        }

        @Override
        public void collectHeads(Set<String> heads) {
            left.collectHeads(heads);
            right.collectHeads(heads);
        }
    }

    record Not(Cond inner) implements Cond {
        @Override
        public Cond resolve(Binder binder) {
            return new Not(inner.resolve(binder));
        }

        @Override
        public boolean test(ObjectNode item) {
            return !inner.test(item);
        }

        @Override
        public void collectHeads(Set<String> heads) {
            inner.collectHeads(heads);
        }
    }

    /** {@code attribute_exists(path)} or, with {@code negate}, {@code attribute_not_exists(path)}. */
    record Exists(Operand path, boolean negate) implements Cond {
        @Override
        public Cond resolve(Binder binder) {
            return new Exists(path.resolve(binder), negate);
        }

        @Override
        public boolean test(ObjectNode item) {
            return (path.eval(item) != null) != negate;
        }

        @Override
        public void collectHeads(Set<String> heads) {
            path.collectHeads(heads);
        }

        String function() {
            return negate ? "attribute_not_exists" : "attribute_exists";
        }
    }

    /** {@code attribute_type(path, :type)} with :type one of S N B BOOL NULL M L SS NS BS. */
    record AttrType(Operand path, Operand type) implements Cond {
        private static final List<String> TYPES = List.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

        @Override
        public Cond resolve(Binder binder) {
            Operand p = path.resolve(binder);
            Operand t = type.resolve(binder);
            String tt = t.staticType();
            if (t instanceof Operand.ValueOp v && v.value() == null) {
                return new AttrType(p, t); // undefined value: already recorded
            }
            if (!"S".equals(tt)) {
                binder.fail(Binder.Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: "
                        + "attribute_type, operand type: " + (tt == null ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : tt));
            } else if (!TYPES.contains(((Operand.ValueOp) t).value().get("S").textValue())) {
                binder.fail(Binder.Kind.FUNCTION, "Invalid attribute type name found; type: "
                        + ((Operand.ValueOp) t).value().get("S").textValue() + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
            }
            return new AttrType(p, t);
        }

        @Override
        public boolean test(ObjectNode item) {
            ObjectNode v = path.eval(item);
            ObjectNode t = type.eval(item);
            String actual = AttributeValues.typeOf(v);
            return actual != null && t != null && t.has("S") && actual.equals(t.get("S").textValue());
        }

        @Override
        public void collectHeads(Set<String> heads) {
            path.collectHeads(heads);
        }
    }

    /** {@code begins_with(path, operand)}: both S (prefix) or both B (byte prefix). */
    record BeginsWith(Operand value, Operand prefix) implements Cond {
        @Override
        public Cond resolve(Binder binder) {
            Operand v = value.resolve(binder);
            Operand p = prefix.resolve(binder);
            for (Operand o : new Operand[] {v, p}) {
                String t = o instanceof Operand.ValueOp ? o.staticType() : null;
                if (t != null && !"S".equals(t) && !"B".equals(t)) {
                    binder.fail(Binder.Kind.FUNCTION,
                            "Incorrect operand type for operator or function; operator or function: begins_with, operand type: " + t);
                }
            }
            checkDistinct(binder, "begins_with", v, p);
            return new BeginsWith(v, p);
        }

        @Override
        public boolean test(ObjectNode item) {
            return beginsWith(value.eval(item), prefix.eval(item));
        }

        static boolean beginsWith(ObjectNode v, ObjectNode p) {
            String type = AttributeValues.typeOf(v);
            if (type == null || !type.equals(AttributeValues.typeOf(p))) {
                return false;
            }
            if ("S".equals(type)) {
                return v.get("S").textValue().startsWith(p.get("S").textValue());
            }
            if ("B".equals(type)) {
                byte[] a = AttributeValues.decode(v.get("B").textValue());
                byte[] b = AttributeValues.decode(p.get("B").textValue());
                return a.length >= b.length && Arrays.equals(a, 0, b.length, b, 0, b.length);
            }
            return false;
        }

        @Override
        public void collectHeads(Set<String> heads) {
            value.collectHeads(heads);
            prefix.collectHeads(heads);
        }
    }

    /**
     * {@code contains(path, operand)}: substring of an S, member of a set (of the operand's type), or
     * element of a list.
     */
    record Contains(Operand value, Operand part) implements Cond {
        @Override
        public Cond resolve(Binder binder) {
            Operand v = value.resolve(binder);
            Operand p = part.resolve(binder);
            checkDistinct(binder, "contains", v, p);
            return new Contains(v, p);
        }

        @Override
        public boolean test(ObjectNode item) {
            ObjectNode v = value.eval(item);
            ObjectNode p = part.eval(item);
            String type = AttributeValues.typeOf(v);
            String partType = AttributeValues.typeOf(p);
            if (type == null || partType == null) {
                return false;
            }
            JsonNode content = v.get(type);
            return switch (type) {
                case "S" -> "S".equals(partType) && content.textValue().contains(p.get("S").textValue());
                case "SS", "NS", "BS" -> {
                    if (!type.equals(partType + "S")) {
                        yield false;
                    }
                    for (JsonNode m : content) {
                        if (AttributeValues.equal(AttributeValues.NODES.objectNode().put(partType, m.textValue()), p)) {
                            yield true;
                        }
                    }
                    yield false;
                }
                case "L" -> {
                    for (JsonNode m : content) {
                        if (AttributeValues.equal((ObjectNode) m, p)) {
                            yield true;
                        }
                    }
                    yield false;
                }
                default -> false;
            };
        }

        @Override
        public void collectHeads(Set<String> heads) {
            value.collectHeads(heads);
            part.collectHeads(heads);
        }
    }

    /** A function that is unknown or misused as a condition; the parser has recorded the error. */
    record Invalid(String function) implements Cond {
        @Override
        public Cond resolve(Binder binder) {
            return this;
        }

        @Override
        public boolean test(ObjectNode item) {
            return false;
        }

        @Override
        public void collectHeads(Set<String> heads) {
        }
    }
}
