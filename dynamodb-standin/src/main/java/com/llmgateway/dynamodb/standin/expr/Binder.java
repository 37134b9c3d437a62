package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * Binds a parsed expression to one request's ExpressionAttributeNames and ExpressionAttributeValues:
 * replaces {@code #name} and {@code :value} placeholders, records which were used, and collects the
 * semantic errors found on the way. DynamoDB reports one error per request, chosen by kind rather than
 * by position, so errors are kept by {@link Kind} and the most important one is thrown at the end.
 */
final class Binder {
    /** Error kinds, most important first (the order DynamoDB reports them in). */
    enum Kind { UNDEFINED_NAME, UNDEFINED_VALUE, OVERLAP, CONFLICT, OPERAND, DISTINCT, FUNCTION }

    private final Map<String, String> names;
    private final Map<String, ObjectNode> values;
    private final Set<String> usedNames;
    private final Set<String> usedValues;
    private final String[] errors = new String[Kind.values().length];

    Binder(Map<String, String> names, Map<String, ObjectNode> values, Set<String> usedNames, Set<String> usedValues) {
        this.names = names;
        this.values = values;
        this.usedNames = usedNames;
        this.usedValues = usedValues;
    }

    /** The attribute name a {@code #placeholder} stands for (the placeholder itself when undefined). */
    String name(String placeholder) {
        String name = names == null ? null : names.get(placeholder);
        if (name == null) {
            fail(Kind.UNDEFINED_NAME,
                    "An expression attribute name used in the document path is not defined; attribute name: " + placeholder);
            return placeholder;
        }
        usedNames.add(placeholder);
        return name;
    }

    /** The (normalised) value a {@code :placeholder} stands for; null when undefined. */
    ObjectNode value(String placeholder) {
        ObjectNode value = values == null ? null : values.get(placeholder);
        if (value == null) {
            fail(Kind.UNDEFINED_VALUE,
                    "An expression attribute value used in expression is not defined; attribute value: " + placeholder);
            return null;
        }
        usedValues.add(placeholder);
        return value;
    }

    /** Records an error; the first of each kind is kept. */
    void fail(Kind kind, String message) {
        if (errors[kind.ordinal()] == null) {
            errors[kind.ordinal()] = message;
        }
    }

    /** Throws the most important error recorded, if any, prefixed (e.g. "Invalid UpdateExpression: "). */
    void throwIfFailed(String prefix) {
        for (String e : errors) {
            if (e != null) {
                throw new ValidationError(prefix + e);
            }
        }
    }
}
