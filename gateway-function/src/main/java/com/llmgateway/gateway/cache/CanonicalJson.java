package com.llmgateway.gateway.cache;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One text form per JSON value: object keys sorted, no whitespace, numbers as the shortest plain
 * decimal ({@code 1.0} and {@code 1} are both {@code 1}; {@code 0.70} is {@code 0.7}), strings
 * escaped the way Jackson escapes them. Two trees that mean the same JSON write the same text.
 */
final class CanonicalJson {

    private CanonicalJson() {
    }

    static String write(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        append(node, out);
        return out.toString();
    }

    private static void append(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendString(names.get(i), out);
                out.append(':');
                append(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            Iterator<JsonNode> it = node.elements();
            boolean first = true;
            while (it.hasNext()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                append(it.next(), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(number(node));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isTextual()) {
            appendString(node.textValue(), out);
        } else {
            // Binary or POJO nodes never come out of a parsed request; write their text form.
            appendString(node.asText(), out);
        }
    }

    /** The shortest plain form: 1.0, 1.00 and 1 are "1"; 0.70 is "0.7"; 1E+2 is "100". */
    static String number(JsonNode node) {
        BigDecimal d = node.decimalValue().stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    private static void appendString(String s, StringBuilder out) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, out);
        out.append('"');
    }
}
