package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB attribute values in their wire form: a Jackson {@code ObjectNode} with exactly one type key
 * ({@code S N B BOOL NULL M L SS NS BS}); an item is an {@code ObjectNode} of name → attribute value.
 * Validation (with DynamoDB's wording), normalisation, size, equality and key ordering.
 *
 * <p>Empty strings and binaries are valid outside keys (and inside sets, lists and maps) since May
 * 2020; key attributes are the engine's to check. Empty sets are never valid.
 */
public final class AttributeValues {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String INVALID = "One or more parameter values were invalid: ";
    private static final String EMPTY_VALUE =
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
    private static final String MANY_TYPES =
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";

    private AttributeValues() {
    }

    // ---------------------------------------------------------------- validation

    /**
     * Checks one attribute value (recursively for M and L) and returns a normalised deep copy: numbers
     * in normal form, sets checked non-empty and without duplicates.
     *
     * @throws ValidationError with DynamoDB's wording when the value is malformed
     */
    public static ObjectNode validateAndNormalize(ObjectNode value) {
        return validate(value, 1);
    }

    /**
     * "DynamoDB supports nested attributes up to 32 levels deep" (developer guide, Service quotas):
     * a top-level scalar is level 1 and each enclosing M or L adds one, so at most 31 documents
     * wrap a value. Observed against DynamoDB: 31 nested maps are accepted, 32 refused.
     */
    private static final int MAX_NESTING_LEVELS = 32;
    private static final String TOO_DEEP = "Nesting Levels have exceeded supported limits: "
            + "Attributes in the item have nested levels beyond supported limit";

    private static ObjectNode validate(ObjectNode value, int level) {
        if (value == null) {
            throw new ValidationError(EMPTY_VALUE);
        }
        String type = null;
        JsonNode content = null;
        int types = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue() == null || e.getValue().isNull()) {
                continue; // an explicit JSON null is the same as an absent member
            }
            types++;
            if (type == null) {
                type = e.getKey();
                content = e.getValue();
            }
        }
        if (types == 0) {
            throw new ValidationError(EMPTY_VALUE);
        }
        if (types > 1) {
            throw new ValidationError(MANY_TYPES);
        }
        ObjectNode out = NODES.objectNode();
        switch (type) {
            case "S" -> out.put("S", text(content, "S"));
            case "N" -> out.put("N", Numbers.normalize(text(content, "N")));
            case "B" -> out.put("B", binary(content, "B"));
            case "BOOL" -> {
                if (!content.isBoolean()) {
                    throw new ValidationError(INVALID + "Invalid value for BOOL: " + content);
                }
                out.put("BOOL", content.booleanValue());
            }
            case "NULL" -> {
                if (!content.isBoolean() || !content.booleanValue()) {
                    throw new ValidationError(INVALID + "Null attribute value types must have the value of true");
                }
                out.put("NULL", true);
            }
            case "SS" -> out.set("SS", stringSet(content));
            case "NS" -> out.set("NS", numberSet(content));
            case "BS" -> out.set("BS", binarySet(content));
            case "L" -> {
                if (!content.isArray()) {
                    throw new ValidationError(INVALID + "Invalid value for L: expected a list");
                }
                if (level >= MAX_NESTING_LEVELS) {
                    throw new ValidationError(TOO_DEEP);
                }
                ArrayNode list = out.putArray("L");
                for (JsonNode element : content) {
                    list.add(validate(asObject(element), level + 1));
                }
            }
            case "M" -> {
                if (!content.isObject()) {
                    throw new ValidationError(INVALID + "Invalid value for M: expected a map");
                }
                if (level >= MAX_NESTING_LEVELS) {
                    throw new ValidationError(TOO_DEEP);
                }
                ObjectNode map = out.putObject("M");
                for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.set(e.getKey(), validate(asObject(e.getValue()), level + 1));
                }
            }
            default -> throw new ValidationError(EMPTY_VALUE);
        }
        return out;
    }

    /** Checks every attribute of an item and returns a normalised copy. */
    public static ObjectNode validateItem(ObjectNode item) {
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), validateAndNormalize(asObject(e.getValue())));
        }
        return out;
    }

    /** The normal text of a Number, e.g. {@code "250.00"} → {@code "250"}, {@code "-0"} → {@code "0"}. */
    public static String normalizeNumber(String n) {
        return Numbers.normalize(n);
    }

    private static ObjectNode asObject(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ValidationError(EMPTY_VALUE);
        }
        return (ObjectNode) node;
    }

    private static String text(JsonNode content, String type) {
        if (!content.isTextual()) {
            throw new ValidationError(INVALID + "Invalid value for " + type + ": expected a string");
        }
        return content.textValue();
    }

    private static String binary(JsonNode content, String type) {
        String b64 = text(content, type);
        try {
            Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new ValidationError(INVALID + "Invalid Base64 value for " + type + ": " + b64);
        }
        return b64;
    }

    private static ArrayNode stringSet(JsonNode content) {
        List<String> members = members(content, "SS");
        if (members.isEmpty()) {
            throw new ValidationError(INVALID + "An string set  may not be empty");
        }
        if (new HashSet<>(members).size() != members.size()) {
            throw new ValidationError(INVALID + "Input collection " + members + " contains duplicates.");
        }
        return toArray(members);
    }

    private static ArrayNode numberSet(JsonNode content) {
        List<String> members = members(content, "NS");
        if (members.isEmpty()) {
            throw new ValidationError(INVALID + "An number set  may not be empty");
        }
        List<String> normal = new ArrayList<>(members.size());
        for (String m : members) {
            normal.add(Numbers.normalize(m));
        }
        if (new HashSet<>(normal).size() != normal.size()) {
            throw new ValidationError("Input collection contains duplicates");
        }
        return toArray(normal);
    }

    private static ArrayNode binarySet(JsonNode content) {
        List<String> members = members(content, "BS");
        if (members.isEmpty()) {
            throw new ValidationError(INVALID + "Binary sets should not be empty");
        }
        for (String m : members) {
            binary(NODES.textNode(m), "BS");
        }
        if (new HashSet<>(members).size() != members.size()) {
            // Sic: DynamoDB prints no space before "of".
            throw new ValidationError(INVALID + "Input collection " + members + "of type BS contains duplicates.");
        }
        return toArray(members);
    }

    private static List<String> members(JsonNode content, String type) {
        if (!content.isArray()) {
            throw new ValidationError(INVALID + "Invalid value for " + type + ": expected a list");
        }
        List<String> out = new ArrayList<>(content.size());
        for (JsonNode m : content) {
            if (!m.isTextual()) {
                if ("NS".equals(type)) {
                    throw new ValidationError(Numbers.NOT_NUMERIC);
                }
                throw new ValidationError(INVALID + "Invalid value for " + type + ": expected strings");
            }
            out.add(m.textValue());
        }
        return out;
    }

    static ArrayNode toArray(Iterable<String> members) {
        ArrayNode array = NODES.arrayNode();
        for (String m : members) {
            array.add(m);
        }
        return array;
    }

    // ---------------------------------------------------------------- type and factories

    /** The type key of a (well-formed) attribute value, e.g. {@code "S"}; null for null or empty. */
    public static String typeOf(JsonNode value) {
        if (value == null || !value.isObject() || value.isEmpty()) {
            return null;
        }
        return value.fieldNames().next();
    }

    /** {@code {"S": s}} */
    public static ObjectNode string(String s) {
        return NODES.objectNode().put("S", s);
    }

    /** {@code {"N": normal form of n}} */
    public static ObjectNode number(String n) {
        return NODES.objectNode().put("N", Numbers.normalize(n));
    }

    /** {@code {"N": normal form of n}} for a value already known to be in range. */
    static ObjectNode number(BigDecimal n) {
        return NODES.objectNode().put("N", Numbers.format(n));
    }

    // ---------------------------------------------------------------- sizes

    /**
     * DynamoDB's size of an item in bytes: for each attribute the UTF-8 bytes of its name plus the
     * size of its value. Developer Guide, "DynamoDB item sizes and formats".
     */
    public static long itemSize(ObjectNode item) {
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            size += utf8Length(e.getKey()) + valueSize((ObjectNode) e.getValue());
        }
        return size;
    }

    /**
     * The size of one value: strings by UTF-8 bytes, binaries by raw bytes, numbers about one byte per
     * two significant digits plus one, BOOL and NULL one byte, lists and maps 3 bytes plus their
     * elements plus one byte per element (a map element also counts its name), sets the sum of their
     * members.
     */
    public static long valueSize(ObjectNode value) {
        String type = typeOf(value);
        if (type == null) {
            return 0;
        }
        JsonNode content = value.get(type);
        return switch (type) {
            case "S" -> utf8Length(content.textValue());
            case "N" -> Numbers.size(new BigDecimal(content.textValue()));
            case "B" -> base64Length(content.textValue());
            case "BOOL", "NULL" -> 1;
            case "SS" -> {
                long s = 0;
                for (JsonNode m : content) {
                    s += utf8Length(m.textValue());
                }
                yield s;
            }
            case "NS" -> {
                long s = 0;
                for (JsonNode m : content) {
                    s += Numbers.size(new BigDecimal(m.textValue()));
                }
                yield s;
            }
            case "BS" -> {
                long s = 0;
                for (JsonNode m : content) {
                    s += base64Length(m.textValue());
                }
                yield s;
            }
            case "L" -> {
                long s = 3;
                for (JsonNode m : content) {
                    s += 1 + valueSize((ObjectNode) m);
                }
                yield s;
            }
            case "M" -> {
                long s = 3;
                for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    s += 1 + utf8Length(e.getKey()) + valueSize((ObjectNode) e.getValue());
                }
                yield s;
            }
            default -> 0;
        };
    }

    /** UTF-8 byte count without allocating (unpaired surrogates count as the 3-byte replacement). */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Decoded byte length of standard Base64 text, without decoding. */
    static long base64Length(String b64) {
        int len = b64.length();
        if (len == 0) {
            return 0;
        }
        int padding = 0;
        if (b64.charAt(len - 1) == '=') {
            padding++;
            if (len > 1 && b64.charAt(len - 2) == '=') {
                padding++;
            }
        }
        return (long) len * 3 / 4 - padding;
    }

    // ---------------------------------------------------------------- equality and order

    /**
     * Whether two values are equal as DynamoDB compares them: same type, numbers by value, binaries by
     * bytes, sets regardless of order, lists element by element, maps by names and values.
     */
    public static boolean equal(ObjectNode a, ObjectNode b) {
        if (a == null || b == null) {
            return false;
        }
        String type = typeOf(a);
        if (type == null || !type.equals(typeOf(b))) {
            return false;
        }
        JsonNode x = a.get(type);
        JsonNode y = b.get(type);
        return switch (type) {
            case "S" -> x.textValue().equals(y.textValue());
            case "N" -> x.textValue().equals(y.textValue())
                    || new BigDecimal(x.textValue()).compareTo(new BigDecimal(y.textValue())) == 0;
            case "B" -> x.textValue().equals(y.textValue())
                    || Arrays.equals(decode(x.textValue()), decode(y.textValue()));
            case "BOOL" -> x.booleanValue() == y.booleanValue();
            case "NULL" -> true;
            case "SS", "BS" -> x.size() == y.size() && textSet(x).equals(textSet(y));
            case "NS" -> x.size() == y.size() && numberValues(x).equals(numberValues(y));
            case "L" -> {
                if (x.size() != y.size()) {
                    yield false;
                }
                for (int i = 0; i < x.size(); i++) {
                    if (!equal((ObjectNode) x.get(i), (ObjectNode) y.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            case "M" -> {
                if (x.size() != y.size()) {
                    yield false;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode other = y.get(e.getKey());
                    if (!(other instanceof ObjectNode o) || !equal((ObjectNode) e.getValue(), o)) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> false;
        };
    }

    /**
     * Orders two key values of the same type as DynamoDB sorts them: S by UTF-8 bytes (the same as
     * code point order), N numerically, B as unsigned bytes. Values of different types are ordered by
     * type name, only so that the order is total.
     */
    public static int compareKeys(ObjectNode a, ObjectNode b) {
        String ta = typeOf(a);
        String tb = typeOf(b);
        if (ta == null || tb == null || !ta.equals(tb)) {
            return String.valueOf(ta).compareTo(String.valueOf(tb));
        }
        return compareScalars(ta, a.get(ta), b.get(tb));
    }

    /** Compares two S, N or B contents of the same type. */
    static int compareScalars(String type, JsonNode x, JsonNode y) {
        return switch (type) {
            case "S" -> compareUtf8(x.textValue(), y.textValue());
            case "N" -> new BigDecimal(x.textValue()).compareTo(new BigDecimal(y.textValue()));
            case "B" -> Arrays.compareUnsigned(decode(x.textValue()), decode(y.textValue()));
            default -> throw new IllegalArgumentException("not a scalar key type: " + type);
        };
    }

    /** String order by code point, which is UTF-8 byte order (String.compareTo is UTF-16 order). */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    static byte[] decode(String b64) {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return b64.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static Set<String> textSet(JsonNode array) {
        Set<String> s = new HashSet<>();
        for (JsonNode m : array) {
            s.add(m.textValue());
        }
        return s;
    }

    private static Set<BigDecimal> numberValues(JsonNode array) {
        Set<BigDecimal> s = new HashSet<>();
        for (JsonNode m : array) {
            s.add(new BigDecimal(m.textValue()).stripTrailingZeros());
        }
        return s;
    }
}
