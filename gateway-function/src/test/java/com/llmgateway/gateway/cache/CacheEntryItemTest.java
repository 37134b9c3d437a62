package com.llmgateway.gateway.cache;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache entry's static schema writes the attribute map the hand-written mapping wrote, and reads it back. */
class CacheEntryItemTest {

    private static final Instant NOW = Instant.now();
    private static final String PK = "CACHE#team:search#0123abcd";

    @Test
    void a_plain_entry_is_the_golden_attribute_map_and_reads_back() {
        byte[] json = "{\"message\":{\"content\":\"hi\"}}".getBytes(StandardCharsets.UTF_8);
        Map<String, AttributeValue> golden = Map.of(
                "pk", AttributeValue.fromS(PK),
                "created_at", AttributeValue.fromN(Long.toString(NOW.toEpochMilli())),
                "expires_at", AttributeValue.fromN(Long.toString(NOW.getEpochSecond() + 600)),
                "compressed", AttributeValue.fromBool(false),
                "payload", AttributeValue.fromS("{\"message\":{\"content\":\"hi\"}}"));
        CacheEntryItem item = new CacheEntryItem(PK, NOW.toEpochMilli(), NOW.getEpochSecond() + 600, false, json);
        assertEquals(golden, CacheEntryItem.SCHEMA.itemToMap(item, true));

        CacheEntryItem read = CacheEntryItem.SCHEMA.mapToItem(golden);
        assertEquals(PK, read.pk());
        assertEquals(NOW.toEpochMilli(), read.createdAtMillis());
        assertEquals(NOW.getEpochSecond() + 600, read.expiresAtSeconds());
        assertFalse(read.compressed());
        assertArrayEquals(json, read.payload());
    }

    @Test
    void a_compressed_entry_stores_its_payload_as_binary() {
        byte[] gz = DynamoDbResponseCache.gzip("x".repeat(4096).getBytes(StandardCharsets.UTF_8));
        CacheEntryItem item = new CacheEntryItem(PK, NOW.toEpochMilli(), NOW.getEpochSecond() + 60, true, gz);
        Map<String, AttributeValue> map = CacheEntryItem.SCHEMA.itemToMap(item, true);
        assertEquals(AttributeValue.fromB(SdkBytes.fromByteArray(gz)), map.get("payload"));
        assertEquals(AttributeValue.fromBool(true), map.get("compressed"));
        CacheEntryItem read = CacheEntryItem.SCHEMA.mapToItem(map);
        assertTrue(read.compressed());
        assertArrayEquals(gz, read.payload());
    }

    @Test
    void a_payload_of_the_other_type_than_the_flag_says_is_read_as_missing() {
        Map<String, AttributeValue> map = Map.of("pk", AttributeValue.fromS(PK),
                "compressed", AttributeValue.fromBool(true), "payload", AttributeValue.fromS("{}"));
        CacheEntryItem read = CacheEntryItem.SCHEMA.mapToItem(map);
        assertNull(read.payload());
        assertNull(read.expiresAtSeconds());
    }
}
