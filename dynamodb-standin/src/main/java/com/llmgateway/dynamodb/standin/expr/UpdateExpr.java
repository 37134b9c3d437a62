package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed UpdateExpression; once {@linkplain #resolve bound} to a request's names and values it is the
 * {@link Update} the engine applies. Immutable and safe to share between threads.
 *
 * <p>Semantics (Developer Guide, "Using update expressions in DynamoDB"): every SET value is computed
 * from the item as it was before the update (so {@code SET a = b, b = a} swaps); REMOVEs of list
 * elements refer to the indexes before the update (applied highest index first); ADD creates a missing
 * number (from 0) or set; DELETE of the last members of a set removes the attribute.
 */
final class UpdateExpr implements Update {
    static final String MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item";
    static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";

    /** One action: SET (value is the new value), REMOVE (value null), ADD or DELETE (value a :placeholder). */
    record Action(UpdateParser.Clause clause, Path path, Operand value) {
        Action resolve(Binder binder) {
            return new Action(clause, path.resolve(binder), value == null ? null : value.resolve(binder));
        }
    }

    private final List<Action> actions;
    private final Projection updatedPaths;
    private final Set<String> topLevel;

    UpdateExpr(List<Action> actions) {
        this.actions = List.copyOf(actions);
        List<Path> paths = new ArrayList<>(actions.size());
        Set<String> heads = new LinkedHashSet<>();
        for (Action a : actions) {
            paths.add(a.path());
            heads.add(a.path().head());
        }
        this.updatedPaths = new ProjectionExpr(paths);
        this.topLevel = Collections.unmodifiableSet(heads);
    }

    /** Binds names and values and checks what needs them: overlapping paths, ADD / DELETE operand types. */
    UpdateExpr resolve(Binder binder) {
        List<Action> bound = new ArrayList<>(actions.size());
        for (Action a : actions) {
            bound.add(a.resolve(binder));
        }
        List<Path> paths = new ArrayList<>(bound.size());
        for (Action a : bound) {
            checkOverlap(binder, paths, a.path());
            paths.add(a.path());
            if (a.clause() == UpdateParser.Clause.ADD || a.clause() == UpdateParser.Clause.DELETE) {
                checkOperand(binder, a);
            }
        }
        return new UpdateExpr(bound);
    }

    /** Paths of one update may neither overlap ({@code a} and {@code a.b}) nor conflict ({@code a.b} and {@code a[0]}). */
    static void checkOverlap(Binder binder, List<Path> earlier, Path path) {
        for (Path other : earlier) {
            int n = Math.min(other.length(), path.length());
            boolean disjoint = false;
            for (int i = 0; i < n && !disjoint; i++) {
                Path.Step a = other.steps().get(i);
                Path.Step b = path.steps().get(i);
                if (a.getClass() != b.getClass()) {
                    binder.fail(Binder.Kind.CONFLICT, "Two document paths conflict with each other; must remove or "
                            + "rewrite one of these paths; path one: " + other + ", path two: " + path);
                    disjoint = true;
                } else if (!a.equals(b)) {
                    disjoint = true;
                }
            }
            if (!disjoint) {
                binder.fail(Binder.Kind.OVERLAP, "Two document paths overlap with each other; must remove or rewrite "
                        + "one of these paths; path one: " + other + ", path two: " + path);
            }
        }
    }

    private static void checkOperand(Binder binder, Action a) {
        String type = a.value().staticType();
        if (type == null) {
            return; // undefined value: already recorded
        }
        boolean ok = type.equals("SS") || type.equals("NS") || type.equals("BS")
                || (a.clause() == UpdateParser.Clause.ADD && type.equals("N"));
        if (!ok) {
            String name = switch (type) {
                case "S" -> "STRING";
                case "N" -> "NUMBER";
                case "B" -> "BINARY";
                case "BOOL" -> "BOOLEAN";
                case "L" -> "LIST";
                case "M" -> "MAP";
                default -> type;
            };
            binder.fail(Binder.Kind.OPERAND,
                    "Incorrect operand type for operator or function; operator: " + a.clause() + ", operand type: " + name);
        }
    }

    @Override
    public Projection updatedPaths() {
        return updatedPaths;
    }

    @Override
    public Set<String> topLevelAttributes() {
        return topLevel;
    }

    @Override
    public ObjectNode apply(ObjectNode item) {
        // SET values first, all from the item as it was.
        List<ObjectNode> setValues = new ArrayList<>();
        for (Action a : actions) {
            if (a.clause() == UpdateParser.Clause.SET) {
                setValues.add(evalSetValue(a.value(), item));
            }
        }
        ObjectNode out = item.deepCopy();
        int next = 0;
        List<Path> removes = new ArrayList<>();
        for (Action a : actions) {
            switch (a.clause()) {
                case SET -> Documents.set(out, a.path(), setValues.get(next++).deepCopy());
                case REMOVE -> removes.add(a.path());
                default -> {
                }
            }
        }
        removes.sort(Collections.reverseOrder(PATH_ORDER));
        for (Path p : removes) {
            Documents.remove(out, p);
        }
        for (Action a : actions) {
            if (a.clause() == UpdateParser.Clause.ADD) {
                add(out, a.path(), ((Operand.ValueOp) a.value()).value());
            } else if (a.clause() == UpdateParser.Clause.DELETE) {
                delete(out, a.path(), ((Operand.ValueOp) a.value()).value());
            }
        }
        return out;
    }

    /** Orders paths step by step, indexes numerically, so that reversed it removes a[3] before a[1]. */
    private static final Comparator<Path> PATH_ORDER = (x, y) -> {
        int n = Math.min(x.length(), y.length());
        for (int i = 0; i < n; i++) {
            Path.Step a = x.steps().get(i);
            Path.Step b = y.steps().get(i);
            int c;
            if (a instanceof Path.Index ia && b instanceof Path.Index ib) {
                c = Integer.compare(ia.index(), ib.index());
            } else if (a instanceof Path.Attr aa && b instanceof Path.Attr ab) {
                c = aa.name().compareTo(ab.name());
            } else {
                c = a instanceof Path.Index ? -1 : 1;
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length(), y.length());
    };

    /** The value of a SET operand; a missing path or a wrong type is a runtime ValidationError. */
    static ObjectNode evalSetValue(Operand operand, ObjectNode item) {
        return switch (operand) {
            case Operand.PathOp p -> {
                ObjectNode v = Documents.get(item, p.path());
                if (v == null) {
                    throw new ValidationError(MISSING_ATTRIBUTE);
                }
                yield v;
            }
            case Operand.ValueOp v -> v.value();
            case Operand.Arith a -> {
                ObjectNode l = evalSetValue(a.left(), item);
                ObjectNode r = evalSetValue(a.right(), item);
                if (!l.has("N") || !r.has("N")) {
                    throw new ValidationError(WRONG_TYPE);
                }
                BigDecimal x = new BigDecimal(l.get("N").textValue());
                BigDecimal y = new BigDecimal(r.get("N").textValue());
                yield AttributeValues.number(Numbers.checkRange(a.plus() ? x.add(y) : x.subtract(y)));
            }
            case Operand.IfNotExists f -> {
                ObjectNode v = f.path() instanceof Operand.PathOp p ? Documents.get(item, p.path()) : null;
                yield v != null ? v : evalSetValue(f.fallback(), item);
            }
            case Operand.ListAppend f -> {
                ObjectNode a = evalSetValue(f.first(), item);
                ObjectNode b = evalSetValue(f.second(), item);
                if (!a.has("L") || !b.has("L")) {
                    throw new ValidationError(WRONG_TYPE);
                }
                ObjectNode out = AttributeValues.NODES.objectNode();
                ArrayNode list = out.putArray("L");
                a.get("L").forEach(e -> list.add(e.deepCopy()));
                b.get("L").forEach(e -> list.add(e.deepCopy()));
                yield out;
            }
            case Operand.Size s -> throw new IllegalStateException("size() in an update expression");
            case Operand.Invalid i -> throw new IllegalStateException("invalid function " + i.function());
        };
    }

    /** ADD: numbers add (a missing attribute counts as 0); sets gain the members they lack. */
    private static void add(ObjectNode item, Path path, ObjectNode value) {
        ObjectNode existing = Documents.get(item, path);
        String type = AttributeValues.typeOf(value);
        if (existing == null) {
            Documents.set(item, path, value.deepCopy());
            return;
        }
        if (!type.equals(AttributeValues.typeOf(existing))) {
            throw new ValidationError(WRONG_TYPE);
        }
        if (type.equals("N")) {
            BigDecimal sum = new BigDecimal(existing.get("N").textValue()).add(new BigDecimal(value.get("N").textValue()));
            Documents.set(item, path, AttributeValues.number(Numbers.checkRange(sum)));
            return;
        }
        Set<String> members = members(existing.get(type), type);
        members.addAll(members(value.get(type), type));
        ObjectNode out = AttributeValues.NODES.objectNode();
        out.set(type, AttributeValues.toArray(members));
        Documents.set(item, path, out);
    }

    /** DELETE: removes members from a set; removing the last one removes the attribute. */
    private static void delete(ObjectNode item, Path path, ObjectNode value) {
        ObjectNode existing = Documents.get(item, path);
        if (existing == null) {
            if (path.length() > 1 && Documents.get(item, path.parent()) == null) {
                throw new ValidationError(Documents.INVALID_PATH);
            }
            return;
        }
        String type = AttributeValues.typeOf(value);
        if (!type.equals(AttributeValues.typeOf(existing))) {
            throw new ValidationError(WRONG_TYPE);
        }
        Set<String> members = members(existing.get(type), type);
        members.removeAll(members(value.get(type), type));
        if (members.isEmpty()) {
            Documents.remove(item, path);
        } else {
            ObjectNode out = AttributeValues.NODES.objectNode();
            out.set(type, AttributeValues.toArray(members));
            Documents.set(item, path, out);
        }
    }

    /** Set members in order; numbers in normal form so that "1.0" and "1" are one member. */
    private static Set<String> members(JsonNode array, String type) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode m : array) {
            out.add(type.equals("NS") ? Numbers.normalize(m.textValue()) : m.textValue());
        }
        return out;
    }
}
