package com.llmgateway.gateway.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.error.Echo;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a tool's input schema (OpenAI {@code function.parameters}, Converse
 * {@code toolSpec.inputSchema.json}) as a JSON Schema document: the schema itself is validated
 * against the JSON Schema meta-schema by networknt's json-schema-validator, so a {@code type} that
 * JSON Schema does not have, {@code properties} that is not an object, a {@code required} that is
 * not an array of strings... are refused as OpenAI and Bedrock refuse them, instead of reaching
 * the model.
 *
 * <p>The dialect is draft 2020-12 unless the schema's {@code $schema} names draft 4, 6, 7 or
 * 2019-09. Only the meta-schemas bundled in the library are read: a {@code $schema} naming any
 * other document is refused, and nothing is ever fetched over the network (the caller's schema is
 * an instance here, so its {@code $ref}s are not followed either).
 */
public final class ToolSchemas {

    /**
     * How deeply a schema document may nest (objects and arrays; 32 levels of {@code properties}).
     * The validator recurses per level, so a deeper document is refused before it runs.
     */
    public static final int MAX_DEPTH = 64;

    private static final Map<SpecificationVersion, Schema> META_SCHEMAS = metaSchemas();

    private ToolSchemas() {
    }

    /**
     * The first problem of the schema as a short sentence (JSON paths inside the schema, caller
     * text cut by {@link Echo}), or empty when it is a valid JSON Schema.
     */
    public static Optional<String> problem(JsonNode schema) {
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
            return Optional.of("must be a JSON Schema object");
        }
        SpecificationVersion version = SpecificationVersion.DRAFT_2020_12;
        JsonNode dialect = schema.get("$schema");
        if (dialect != null) {
            if (!dialect.isTextual()) {
                return Optional.of("'$schema' must be a string naming a JSON Schema draft");
            }
            Optional<SpecificationVersion> named = SpecificationVersion.fromDialectId(dialect.asText());
            if (named.isEmpty()) {
                return Optional.of("'$schema' names '" + Echo.cut(dialect.asText()) + "', which is not a JSON Schema"
                        + " draft this gateway knows (draft-04, -06, -07, 2019-09, 2020-12)");
            }
            version = named.get();
        }
        if (depth(schema, 0) > MAX_DEPTH) {
            return Optional.of("is nested more than " + MAX_DEPTH + " levels deep");
        }
        List<Error> errors;
        try {
            // Annotations are for reporting what matched: off, the check is three times faster.
            errors = META_SCHEMAS.get(version).validate(schema, context -> context.executionConfig(config -> config
                    .annotationCollectionEnabled(false).locale(Locale.ENGLISH)));
        } catch (RuntimeException unexpected) {
            // The library refused the document outright (e.g. nesting beyond its limits).
            return Optional.of("is not a JSON Schema the gateway can check");
        }
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(describe(errors.get(0)));
    }

    /**
     * The ways {@code instance} breaks {@code schema} (a schema {@link #problem} accepted), each as
     * a short sentence naming the JSON path in the instance, at most {@code max} of them; empty
     * when it fits. Nothing is fetched: a {@code $ref} to another document fails the check.
     */
    public static List<String> violations(JsonNode schema, JsonNode instance, int max) {
        SpecificationVersion version = SpecificationVersion.DRAFT_2020_12;
        JsonNode dialect = schema.get("$schema");
        if (dialect != null && dialect.isTextual()) {
            version = SpecificationVersion.fromDialectId(dialect.asText()).orElse(version);
        }
        List<Error> errors;
        try {
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(version,
                    builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
            errors = registry.getSchema(schema).validate(instance, context -> context.executionConfig(config -> config
                    .annotationCollectionEnabled(false).locale(Locale.ENGLISH)));
        } catch (RuntimeException unexpected) {
            return List.of("the schema could not be applied (a $ref to another document, or a construct the"
                    + " validator refuses)");
        }
        return errors.stream().limit(max).map(ToolSchemas::describe).toList();
    }

    /** The nesting depth of a JSON document, stopping once it passes the limit. */
    private static int depth(JsonNode node, int level) {
        if (!node.isContainerNode() || level > MAX_DEPTH) {
            return level;
        }
        int deepest = level + 1;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child, level + 1));
            if (deepest > MAX_DEPTH) {
                break;
            }
        }
        return deepest;
    }

    /** "at '/properties/a/type': ..." with the library's own wording of the rule broken, bounded. */
    private static String describe(Error error) {
        String at = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String message = error.getMessage() == null ? "" : error.getMessage();
        // The library's message starts with the location; keep only what follows it.
        if (message.startsWith(at)) {
            message = message.substring(at.length()).replaceFirst("^:\\s*", "");
        }
        return "at '" + (at.isEmpty() ? "/" : Echo.cut(at)) + "': " + Echo.cut(message.replaceAll("\\s+", " ").strip(), 2 * Echo.MAX);
    }

    private static Map<SpecificationVersion, Schema> metaSchemas() {
        Map<SpecificationVersion, Schema> out = new EnumMap<>(SpecificationVersion.class);
        for (SpecificationVersion v : SpecificationVersion.values()) {
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(v,
                    builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
            Schema meta = registry.getSchema(SchemaLocation.of(v.getDialectId()));
            meta.initializeValidators();
            out.put(v, meta);
        }
        return Map.copyOf(out);
    }
}
