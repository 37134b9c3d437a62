package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The attributes named by a list of document paths, with their nesting kept: {@code a.b, c[1]} of an
 * item gives {@code {"a":{"M":{"b":…}}, "c":{"L":[element 1]}}}. Selected list elements keep their order
 * and close up; a path that does not exist contributes nothing. Developer Guide, "Using projection
 * expressions in DynamoDB". Immutable.
 */
final class ProjectionExpr implements Projection {
    /** A trie of the selected paths. */
    private static final class Node {
        final Map<String, Node> names = new LinkedHashMap<>();
        final Map<Integer, Node> indexes = new TreeMap<>();
        boolean whole;
    }

    private final List<Path> paths;
    private final Node root = new Node();
    private final Set<String> topLevel;

    ProjectionExpr(List<Path> paths) {
        this.paths = List.copyOf(paths);
        for (Path p : this.paths) {
            Node n = root;
            for (Path.Step s : p.steps()) {
                n = s instanceof Path.Index i
                        ? n.indexes.computeIfAbsent(i.index(), k -> new Node())
                        : n.names.computeIfAbsent(s instanceof Path.Attr a ? a.name() : ((Path.Ref) s).placeholder(),
                                k -> new Node());
            }
            n.whole = true;
        }
        this.topLevel = Collections.unmodifiableSet(root.names.keySet());
    }

    List<Path> paths() {
        return paths;
    }

    /** Binds #placeholders and checks that no two paths overlap or conflict. */
    ProjectionExpr resolve(Binder binder) {
        List<Path> bound = new java.util.ArrayList<>(paths.size());
        for (Path p : paths) {
            Path r = p.resolve(binder);
            UpdateExpr.checkOverlap(binder, bound, r);
            bound.add(r);
        }
        return new ProjectionExpr(bound);
    }

    @Override
    public ObjectNode apply(ObjectNode item) {
        ObjectNode out = AttributeValues.NODES.objectNode();
        for (Map.Entry<String, Node> e : root.names.entrySet()) {
            JsonNode value = item.get(e.getKey());
            ObjectNode projected = value instanceof ObjectNode o ? project(o, e.getValue()) : null;
            if (projected != null) {
                out.set(e.getKey(), projected);
            }
        }
        return out;
    }

    @Override
    public Set<String> topLevelAttributes() {
        return topLevel;
    }

    private static ObjectNode project(ObjectNode value, Node node) {
        if (node.whole) {
            return value.deepCopy();
        }
        if (!node.names.isEmpty() && value.get("M") instanceof ObjectNode map) {
            ObjectNode m = AttributeValues.NODES.objectNode();
            for (Map.Entry<String, Node> e : node.names.entrySet()) {
                JsonNode child = map.get(e.getKey());
                ObjectNode projected = child instanceof ObjectNode o ? project(o, e.getValue()) : null;
                if (projected != null) {
                    m.set(e.getKey(), projected);
                }
            }
            return m.isEmpty() ? null : AttributeValues.NODES.objectNode().set("M", m);
        }
        if (!node.indexes.isEmpty() && value.get("L") instanceof ArrayNode list) {
            ArrayNode l = AttributeValues.NODES.arrayNode();
            for (Map.Entry<Integer, Node> e : node.indexes.entrySet()) {
                if (e.getKey() < list.size() && list.get(e.getKey()) instanceof ObjectNode o) {
                    ObjectNode projected = project(o, e.getValue());
                    if (projected != null) {
                        l.add(projected);
                    }
                }
            }
            return l.isEmpty() ? null : AttributeValues.NODES.objectNode().set("L", l);
        }
        return null;
    }
}
