package com.llmgateway.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.Tables;
import com.llmgateway.dynamodb.standin.AccessPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deployed least-privilege policies, enforced on one machine. Each function of the local
 * runtime calls DynamoDB and Bedrock with its own access key ({@link #accessKeyOf}); the stand-ins
 * read the caller from the SigV4 {@code Authorization} header and allow only what
 * {@code iam.json} grants that function — the same declaration Terraform turns into the roles'
 * policies — on that table or model. So a call the code makes but the role lacks fails a local
 * test exactly as it would fail in AWS.
 */
public final class LocalIam {

    /** The runtime itself: creates the tables (Terraform's job in AWS). */
    public static final String RUNTIME_ACCESS_KEY = "LOCALRUNTIME";

    private final Map<String, Map<String, Set<String>>> dynamodb;
    private final Map<String, Boolean> bedrock;
    private final Set<String> invokableModels;
    private final Map<String, String> logicalByPhysical = new ConcurrentHashMap<>();

    private LocalIam(Map<String, Map<String, Set<String>>> dynamodb, Map<String, Boolean> bedrock, Set<String> invokableModels) {
        this.dynamodb = dynamodb;
        this.bedrock = bedrock;
        this.invokableModels = invokableModels;
    }

    /**
     * The grants of iam.json. Bedrock: the catalog's model and inference-profile ids, as Terraform
     * derives them; with {@code MODEL_CATALOG_OVERRIDES} the overridden catalog's (Terraform takes
     * those through {@code extra_bedrock_model_ids}).
     */
    public static LocalIam load(Map<String, String> env) {
        JsonNode root;
        try (InputStream in = LocalIam.class.getClassLoader().getResourceAsStream("iam.json")) {
            if (in == null) {
                throw new IllegalStateException("iam.json is missing from the classpath");
            }
            root = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("iam.json cannot be read", e);
        }
        Map<String, Map<String, Set<String>>> dynamodb = new LinkedHashMap<>();
        Map<String, Boolean> bedrock = new LinkedHashMap<>();
        root.path("functions").fields().forEachRemaining(f -> {
            Map<String, Set<String>> tables = new LinkedHashMap<>();
            f.getValue().path("dynamodb").fields().forEachRemaining(t -> {
                Set<String> actions = new HashSet<>();
                t.getValue().forEach(a -> actions.add(a.asText()));
                tables.put(t.getKey(), Set.copyOf(actions));
            });
            dynamodb.put(f.getKey(), Map.copyOf(tables));
            bedrock.put(f.getKey(), f.getValue().path("bedrock").asBoolean(false));
        });
        Set<String> models = new HashSet<>();
        for (ModelInfo m : ModelCatalog.load(env).models()) {
            models.add(m.bedrockModelId());
            if (m.inferenceProfileId() != null) {
                models.add(m.inferenceProfileId());
            }
        }
        return new LocalIam(Map.copyOf(dynamodb), Map.copyOf(bedrock), Set.copyOf(models));
    }

    /** The access key id a function's clients sign with locally: {@code LOCALGATEWAY}, {@code LOCALAUTH}... */
    public static String accessKeyOf(String function) {
        return "LOCAL" + function.toUpperCase(java.util.Locale.ROOT);
    }

    /** Learns the physical names of the tables (the table variables, as the functions get them). */
    public void tables(Map<String, String> tableEnv) {
        for (Tables.TableSpec spec : Tables.all().values()) {
            String physical = tableEnv.get(spec.envVar());
            if (physical != null) {
                logicalByPhysical.put(physical, spec.logicalName());
            }
        }
    }

    /** The policy the DynamoDB stand-in enforces. */
    public AccessPolicy dynamoDbPolicy() {
        return (accessKeyId, action, tableName) -> {
            if (RUNTIME_ACCESS_KEY.equals(accessKeyId)) {
                return true;
            }
            String function = functionOf(accessKeyId);
            String logical = tableName == null ? null : logicalByPhysical.get(tableName);
            return function != null && logical != null
                    && dynamodb.get(function).getOrDefault(logical, Set.of()).contains(action);
        };
    }

    /** Whether this caller may call bedrock:InvokeModel (Converse) on this model or profile id. */
    public boolean mayInvoke(String accessKeyId, String modelId) {
        String function = functionOf(accessKeyId);
        return function != null && bedrock.get(function) && invokableModels.contains(modelId);
    }

    private String functionOf(String accessKeyId) {
        if (accessKeyId == null) {
            return null;
        }
        for (String f : dynamodb.keySet()) {
            if (accessKeyOf(f).equals(accessKeyId)) {
                return f;
            }
        }
        return null;
    }
}
