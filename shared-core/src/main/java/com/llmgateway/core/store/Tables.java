package com.llmgateway.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key schema of every table, from {@code tables.json} (the file Terraform also reads).
 * Stores use the key attribute names from here, never literals of their own.
 */
public final class Tables {

    public static final String KEYS = "keys";
    public static final String RATE_LIMITS = "rate_limits";
    public static final String CACHE = "cache";
    public static final String USAGE = "usage";

    /** Key attribute names shared by all tables. */
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1 = "gsi1";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";
    public static final String TTL = "expires_at";

    public record Index(String name, String hashKey, String rangeKey) {
    }

    public record TableSpec(String logicalName, String envVar, String hashKey, String rangeKey,
                            Map<String, String> attributes, List<Index> indexes, String ttlAttribute,
                            boolean pointInTimeRecovery) {
    }

    private static final Map<String, TableSpec> SPECS = load();

    private Tables() {
    }

    public static Map<String, TableSpec> all() {
        return SPECS;
    }

    public static TableSpec spec(String logicalName) {
        TableSpec s = SPECS.get(logicalName);
        if (s == null) {
            throw new IllegalArgumentException("no table " + logicalName);
        }
        return s;
    }

    private static Map<String, TableSpec> load() {
        try (InputStream in = Tables.class.getClassLoader().getResourceAsStream("tables.json")) {
            if (in == null) {
                throw new IllegalStateException("tables.json is missing from the classpath");
            }
            JsonNode root = Json.MAPPER.readTree(in);
            Map<String, TableSpec> out = new LinkedHashMap<>();
            root.path("tables").fields().forEachRemaining(e -> {
                JsonNode t = e.getValue();
                Map<String, String> attrs = new LinkedHashMap<>();
                t.path("attributes").fields().forEachRemaining(a -> attrs.put(a.getKey(), a.getValue().asText()));
                List<Index> idx = new ArrayList<>();
                t.path("global_secondary_indexes").forEach(i -> idx.add(
                        new Index(i.path("name").asText(), i.path("hash_key").asText(), Json.text(i, "range_key"))));
                out.put(e.getKey(), new TableSpec(e.getKey(), t.path("env").asText(), t.path("hash_key").asText(),
                        Json.text(t, "range_key"), attrs, idx, Json.text(t, "ttl_attribute"),
                        t.path("point_in_time_recovery").asBoolean(false)));
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a table with this schema (on-demand), for the local DynamoDB. Existing tables are left alone. */
    public static void create(DynamoDbClient ddb, TableSpec spec, String physicalName) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(spec.hashKey()).keyType(KeyType.HASH).build());
        if (spec.rangeKey() != null) {
            keys.add(KeySchemaElement.builder().attributeName(spec.rangeKey()).keyType(KeyType.RANGE).build());
        }
        List<AttributeDefinition> defs = new ArrayList<>();
        spec.attributes().forEach((n, t) -> defs.add(AttributeDefinition.builder().attributeName(n).attributeType(t).build()));
        CreateTableRequest.Builder req = CreateTableRequest.builder()
                .tableName(physicalName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys)
                .attributeDefinitions(defs);
        if (!spec.indexes().isEmpty()) {
            List<GlobalSecondaryIndex> gsis = new ArrayList<>();
            for (Index i : spec.indexes()) {
                List<KeySchemaElement> ik = new ArrayList<>();
                ik.add(KeySchemaElement.builder().attributeName(i.hashKey()).keyType(KeyType.HASH).build());
                if (i.rangeKey() != null) {
                    ik.add(KeySchemaElement.builder().attributeName(i.rangeKey()).keyType(KeyType.RANGE).build());
                }
                gsis.add(GlobalSecondaryIndex.builder().indexName(i.name()).keySchema(ik)
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build());
            }
            req.globalSecondaryIndexes(gsis);
        }
        try {
            ddb.createTable(req.build());
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        if (spec.ttlAttribute() != null) {
            ddb.updateTimeToLive(b -> b.tableName(physicalName).timeToLiveSpecification(
                    TimeToLiveSpecification.builder().attributeName(spec.ttlAttribute()).enabled(true).build()));
        }
    }

    /** Creates every table, named prefix + logical name (e.g. "llmgw-keys"). Returns env var to physical name. */
    public static Map<String, String> createAll(DynamoDbClient ddb, String prefix) {
        Map<String, String> env = new LinkedHashMap<>();
        for (TableSpec s : SPECS.values()) {
            String name = prefix + s.logicalName().replace('_', '-');
            create(ddb, s, name);
            env.put(s.envVar(), name);
        }
        return env;
    }
}
