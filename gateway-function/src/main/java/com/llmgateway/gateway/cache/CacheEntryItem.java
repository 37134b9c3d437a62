package com.llmgateway.gateway.cache;

import com.llmgateway.core.store.Tables;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

/**
 * A response-cache entry as a cache-table item, mapped by a static (reflection-free) table schema
 * (hash key and TTL attribute names from {@code tables.json}):
 * <pre>
 *   pk          S     CACHE#&lt;scope&gt;#&lt;key hash&gt;    scope = team:&lt;teamId&gt; or shared
 *   created_at  N     epoch milliseconds
 *   expires_at  N     epoch seconds (the table's TTL attribute)
 *   compressed  BOOL  true when payload is gzip
 *   payload     S|B   the completion as compact JSON (S), or gzip of it (B)
 * </pre>
 *
 * @param createdAtMillis null when the stored item lacks it (then it is unreadable)
 * @param expiresAtSeconds null when the stored item lacks it (then it is unreadable)
 * @param payload         the bytes of the JSON (stored as S) or of its gzip (stored as B), as {@code compressed} says
 */
record CacheEntryItem(String pk, Long createdAtMillis, Long expiresAtSeconds, boolean compressed, byte[] payload) {

    static final String CREATED_AT = "created_at";
    static final String COMPRESSED = "compressed";
    static final String PAYLOAD = "payload";
    static final String PK = Tables.spec(Tables.CACHE).hashKey();
    static final String EXPIRES_AT = Objects.requireNonNull(Tables.spec(Tables.CACHE).ttlAttribute(),
            "cache table needs a TTL attribute");

    static Key key(String pk) {
        return Key.builder().partitionValue(pk).build();
    }

    static final TableSchema<CacheEntryItem> SCHEMA = StaticImmutableTableSchema.builder(CacheEntryItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, a -> a.name(PK).getter(CacheEntryItem::pk).setter((b, v) -> b.pk = v)
                    .tags(primaryPartitionKey()))
            .addAttribute(Long.class, a -> a.name(CREATED_AT).getter(CacheEntryItem::createdAtMillis)
                    .setter((b, v) -> b.createdAtMillis = v))
            .addAttribute(Long.class, a -> a.name(EXPIRES_AT).getter(CacheEntryItem::expiresAtSeconds)
                    .setter((b, v) -> b.expiresAtSeconds = v))
            .addAttribute(Boolean.class, a -> a.name(COMPRESSED).getter(CacheEntryItem::compressed)
                    .setter((b, v) -> b.compressed = v))
            .addAttribute(Payload.class, a -> a.name(PAYLOAD).getter(e -> new Payload(e.payload(), e.compressed()))
                    .setter((b, v) -> b.payload = v).attributeConverter(new PayloadConverter()))
            .build();

    /** The payload attribute: text (S) unless it is gzip (B). */
    record Payload(byte[] bytes, boolean binary) {
    }

    private static final class PayloadConverter implements AttributeConverter<Payload> {
        @Override
        public AttributeValue transformFrom(Payload p) {
            return p.binary() ? AttributeValue.fromB(SdkBytes.fromByteArray(p.bytes()))
                    : AttributeValue.fromS(new String(p.bytes(), StandardCharsets.UTF_8));
        }

        @Override
        public Payload transformTo(AttributeValue v) {
            if (v.b() != null) {
                return new Payload(v.b().asByteArray(), true);
            }
            return v.s() == null ? null : new Payload(v.s().getBytes(StandardCharsets.UTF_8), false);
        }

        @Override
        public EnhancedType<Payload> type() {
            return EnhancedType.of(Payload.class);
        }

        @Override
        public AttributeValueType attributeValueType() {
            return AttributeValueType.S;
        }
    }

    private static final class Builder {
        String pk;
        Long createdAtMillis;
        Long expiresAtSeconds;
        boolean compressed;
        Payload payload;

        CacheEntryItem build() {
            // The flag says how to read the payload; a payload of the other type than the flag says is unreadable.
            byte[] bytes = payload == null || payload.binary() != compressed ? null : payload.bytes();
            return new CacheEntryItem(pk, createdAtMillis, expiresAtSeconds, compressed, bytes);
        }
    }
}
