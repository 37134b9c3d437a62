package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses and validates the expressions of one request against its ExpressionAttributeNames/Values,
 * and checks at the end that every name and value was used.
 *
 * <p>One instance per request (not thread-safe); what it returns is immutable and thread-safe.
 * Parsing is cached: the syntax tree of each expression text is kept in a process-wide LRU cache
 * (placeholders unresolved), and each request only binds it to its own names and values, a cheap walk
 * of the tree. So the engine need not cache anything itself; a bound object can be reused for another
 * request only if that request has the same names and values.
 *
 * <p>Pass null (not an empty map) for an absent ExpressionAttributeNames / ExpressionAttributeValues:
 * DynamoDB refuses an empty one ("ExpressionAttributeNames must not be empty").
 */
public final class ExpressionContext {
    /** DynamoDB's limit on one expression's length (Developer Guide, "Constraints" → expression parameters). */
    static final int MAX_EXPRESSION_BYTES = 4096;
    private static final int CACHE_ENTRIES = 4096;

    @SuppressWarnings("serial")
    private static final Map<String, Object> CACHE = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    private final Map<String, String> names;
    private final Map<String, ObjectNode> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /**
     * @param names  ExpressionAttributeNames ({@code #n} → attribute name), or null when absent
     * @param values ExpressionAttributeValues ({@code :v} → attribute value), or null when absent
     * @throws ValidationError when a key is malformed, a map is empty, or a value is invalid
     */
    public ExpressionContext(Map<String, String> names, Map<String, ObjectNode> values) {
        if (names != null) {
            if (names.isEmpty()) {
                throw new ValidationError("ExpressionAttributeNames must not be empty");
            }
            for (String key : names.keySet()) {
                if (!validKey(key, '#')) {
                    throw new ValidationError("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
                }
            }
        }
        Map<String, ObjectNode> normal = null;
        if (values != null) {
            if (values.isEmpty()) {
                throw new ValidationError("ExpressionAttributeValues must not be empty");
            }
            for (String key : values.keySet()) {
                if (!validKey(key, ':')) {
                    throw new ValidationError("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
                }
            }
            normal = new LinkedHashMap<>();
            for (Map.Entry<String, ObjectNode> e : values.entrySet()) {
                try {
                    normal.put(e.getKey(), AttributeValues.validateAndNormalize(e.getValue()));
                } catch (ValidationError error) {
                    throw new ValidationError("ExpressionAttributeValues contains invalid value: " + error.getMessage()
                            + " for key " + e.getKey());
                }
            }
        }
        this.names = names;
        this.values = normal;
    }

    private static boolean validKey(String key, char first) {
        if (key.length() < 2 || key.charAt(0) != first) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A ConditionExpression or FilterExpression.
     *
     * @param parameterName the request parameter, e.g. "ConditionExpression", used in error messages
     *                      ("Invalid ConditionExpression: ...")
     */
    public Condition condition(String expression, String parameterName) {
        String prefix = "Invalid " + parameterName + ": ";
        Cond bound = bindCondition(expression, prefix);
        Set<String> heads = new HashSet<>();
        bound.collectHeads(heads);
        return new BoundCondition(bound, Collections.unmodifiableSet(heads));
    }

    /** A KeyConditionExpression for a key schema, with the key attributes' types unchecked. */
    public KeyCondition keyCondition(String expression, String hashKey, String rangeKeyOrNull) {
        return keyCondition(expression, hashKey, null, rangeKeyOrNull, null);
    }

    /**
     * A KeyConditionExpression for a key schema; with types (S, N or B) given, a value of another type
     * is refused ("One or more parameter values were invalid: Condition parameter type does not match
     * schema type").
     */
    public KeyCondition keyCondition(String expression, String hashKey, String hashTypeOrNull,
                                     String rangeKeyOrNull, String rangeTypeOrNull) {
        Objects.requireNonNull(hashKey, "hashKey");
        Cond bound = bindCondition(expression, "Invalid KeyConditionExpression: ");
        return KeyConditionExpr.of(bound, hashKey, hashTypeOrNull, rangeKeyOrNull, rangeTypeOrNull);
    }

    private Cond bindCondition(String expression, String prefix) {
        Cond parsed = parse('C', expression, prefix, ConditionParser::parse);
        Binder binder = binder();
        Cond bound = parsed.resolve(binder);
        binder.throwIfFailed(prefix);
        return bound;
    }

    /** An UpdateExpression. */
    public Update update(String expression) {
        String prefix = "Invalid UpdateExpression: ";
        UpdateExpr parsed = parse('U', expression, prefix, UpdateParser::parse);
        Binder binder = binder();
        UpdateExpr bound = parsed.resolve(binder);
        binder.throwIfFailed(prefix);
        return bound;
    }

    /** A ProjectionExpression. */
    public Projection projection(String expression) {
        String prefix = "Invalid ProjectionExpression: ";
        ProjectionExpr parsed = parse('P', expression, prefix, ProjectionParser::parse);
        Binder binder = binder();
        ProjectionExpr bound = parsed.resolve(binder);
        binder.throwIfFailed(prefix);
        return bound;
    }

    /**
     * Throws when a name or value was given but used by none of the expressions parsed through this
     * context: "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}" (names are
     * checked before values).
     */
    public void checkAllUsed() {
        if (names != null) {
            List<String> unused = new ArrayList<>();
            for (String key : names.keySet()) {
                if (!usedNames.contains(key)) {
                    unused.add(key);
                }
            }
            if (!unused.isEmpty()) {
                throw new ValidationError("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                        + String.join(", ", unused) + "}");
            }
        }
        if (values != null) {
            List<String> unused = new ArrayList<>();
            for (String key : values.keySet()) {
                if (!usedValues.contains(key)) {
                    unused.add(key);
                }
            }
            if (!unused.isEmpty()) {
                throw new ValidationError("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                        + String.join(", ", unused) + "}");
            }
        }
    }

    private Binder binder() {
        return new Binder(names, values, usedNames, usedValues);
    }

    /** The cached syntax tree of {@code expression}, parsing it on a miss; errors are not cached. */
    @SuppressWarnings("unchecked")
    private static <T> T parse(char kind, String expression, String prefix, Function<String, T> parser) {
        Objects.requireNonNull(expression, "expression");
        if (expression.length() > MAX_EXPRESSION_BYTES / 4 && AttributeValues.utf8Length(expression) > MAX_EXPRESSION_BYTES) {
            throw new ValidationError(prefix + "Expression size has exceeded the maximum allowed size");
        }
        String key = kind + expression;
        synchronized (CACHE) {
            Object hit = CACHE.get(key);
            if (hit != null) {
                return (T) hit;
            }
        }
        T parsed;
        try {
            parsed = parser.apply(expression);
        } catch (ValidationError e) {
            throw new ValidationError(prefix + e.getMessage());
        }
        synchronized (CACHE) {
            CACHE.put(key, parsed);
        }
        return parsed;
    }

    /** A bound condition; an absent (null) item is tested as an empty one. */
    private record BoundCondition(Cond cond, Set<String> topLevelAttributes) implements Condition {
        private static final ObjectNode EMPTY = AttributeValues.NODES.objectNode();

        @Override
        public boolean test(ObjectNode item) {
            return cond.test(item == null ? EMPTY : item);
        }
    }
}
