package com.llmgateway.dynamodb.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The stored form of an item: the same item as JSON, in member order, and read-only until copied. */
class ItemsCompactTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ITEM = "{\"pk\":{\"S\":\"REQ#1\"},\"cost_usd\":{\"N\":\"0.000001785\"},\"cached\":{\"BOOL\":false},"
            + "\"scopes\":{\"SS\":[\"invoke\",\"finops\"]},\"nothing\":{\"NULL\":true},\"raw\":{\"B\":\"AAE=\"},"
            + "\"usage\":{\"M\":{\"in\":{\"N\":\"3\"},\"tags\":{\"L\":[{\"S\":\"a\"},{\"M\":{\"deep\":{\"N\":\"1\"}}},{\"L\":[]}]}}}}";

    @Test
    void theStoredFormIsTheSameItemInTheSameOrder() throws Exception {
        ObjectNode item = (ObjectNode) JSON.readTree(ITEM);
        ObjectNode stored = Items.compact(item);
        assertEquals(item, stored);
        assertEquals(JSON.writeValueAsString(item), JSON.writeValueAsString(stored));
        assertEquals(Items.size(item), Items.size(stored));
    }

    @Test
    void aStoredValueCannotChangeInPlaceButItsCopyCan() throws Exception {
        ObjectNode stored = Items.compact((ObjectNode) JSON.readTree(ITEM));
        ObjectNode wrapper = (ObjectNode) stored.get("pk");
        assertThrows(UnsupportedOperationException.class, () -> wrapper.put("S", "REQ#2"));
        ObjectNode copy = stored.deepCopy();
        ((ObjectNode) copy.get("pk")).put("S", "REQ#2");
        ((ObjectNode) copy.get("usage").get("M")).remove("in");
        assertEquals("REQ#1", stored.get("pk").get("S").asText());
        assertEquals("3", stored.get("usage").get("M").get("in").get("N").asText());
    }
}
