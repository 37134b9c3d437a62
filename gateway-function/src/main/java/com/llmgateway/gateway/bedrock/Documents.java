package com.llmgateway.gateway.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson trees to and from the SDK's {@link Document} (tool schemas, tool inputs), recursively.
 * Numbers keep their exact value both ways (integers as int, long or BigInteger nodes as they
 * fit, as Jackson parses them; decimals as BigDecimal).
 */
final class Documents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Documents() {
    }

    static Document fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Document.fromNull();
        }
        if (node.isObject()) {
            Map<String, Document> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), fromJson(e.getValue())));
            return Document.fromMap(map);
        }
        if (node.isArray()) {
            List<Document> list = new ArrayList<>(node.size());
            node.forEach(n -> list.add(fromJson(n)));
            return Document.fromList(list);
        }
        if (node.isTextual()) {
            return Document.fromString(node.asText());
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.booleanValue());
        }
        if (node.isIntegralNumber()) {
            return Document.fromNumber(SdkNumber.fromBigInteger(node.bigIntegerValue()));
        }
        if (node.isNumber()) {
            return Document.fromNumber(SdkNumber.fromBigDecimal(node.decimalValue()));
        }
        return Document.fromString(node.asText()); // binary or POJO nodes do not occur in parsed JSON
    }

    static JsonNode toJson(Document doc) {
        if (doc == null || doc.isNull()) {
            return NODES.nullNode();
        }
        if (doc.isMap()) {
            ObjectNode o = NODES.objectNode();
            doc.asMap().forEach((k, v) -> o.set(k, toJson(v)));
            return o;
        }
        if (doc.isList()) {
            ArrayNode a = NODES.arrayNode();
            doc.asList().forEach(v -> a.add(toJson(v)));
            return a;
        }
        if (doc.isString()) {
            return NODES.textNode(doc.asString());
        }
        if (doc.isBoolean()) {
            return NODES.booleanNode(doc.asBoolean());
        }
        String number = doc.asNumber().stringValue();
        BigDecimal d = new BigDecimal(number);
        if (d.scale() <= 0 && !number.contains(".") && !number.contains("e") && !number.contains("E")) {
            BigInteger i = d.toBigIntegerExact();
            if (i.bitLength() < 32) {
                return NODES.numberNode(i.intValue());
            }
            return i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
        }
        return NODES.numberNode(d);
    }
}
