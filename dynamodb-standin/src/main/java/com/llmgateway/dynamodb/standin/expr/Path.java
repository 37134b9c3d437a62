package com.llmgateway.dynamodb.standin.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * A document path such as {@code a.b[2].#c}: a top-level attribute name, then map keys and list
 * indexes. Before binding, names written as {@code #placeholder} are {@link Ref}s; {@link #resolve}
 * replaces them by the names they stand for, so an evaluated path holds only {@link Attr} and
 * {@link Index} steps. Immutable.
 */
record Path(List<Step> steps) {
    /** One step of a path. */
    sealed interface Step permits Attr, Ref, Index {
    }

    /** An attribute name or map key, as the item spells it. */
    record Attr(String name) implements Step {
    }

    /** A {@code #placeholder} not yet replaced by its ExpressionAttributeNames entry. */
    record Ref(String placeholder) implements Step {
    }

    /** A list index {@code [n]}. */
    record Index(int index) implements Step {
    }

    Path {
        steps = List.copyOf(steps);
    }

    int length() {
        return steps.size();
    }

    /** The top-level attribute name (after binding). */
    String head() {
        return steps.get(0) instanceof Attr a ? a.name() : ((Ref) steps.get(0)).placeholder();
    }

    Path parent() {
        return new Path(steps.subList(0, steps.size() - 1));
    }

    Step last() {
        return steps.get(steps.size() - 1);
    }

    Path resolve(Binder binder) {
        boolean hasRef = false;
        for (Step s : steps) {
            hasRef |= s instanceof Ref;
        }
        if (!hasRef) {
            return this;
        }
        List<Step> out = new ArrayList<>(steps.size());
        for (Step s : steps) {
            out.add(s instanceof Ref r ? new Attr(binder.name(r.placeholder())) : s);
        }
        return new Path(out);
    }

    /** DynamoDB's rendering in path errors: {@code [a, b, [2]]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            switch (steps.get(i)) {
                case Attr a -> sb.append(a.name());
                case Ref r -> sb.append(r.placeholder());
                case Index x -> sb.append('[').append(x.index()).append(']');
            }
        }
        return sb.append(']').toString();
    }
}
