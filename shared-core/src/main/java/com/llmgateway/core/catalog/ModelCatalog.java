package com.llmgateway.core.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The models the gateway serves, with their Bedrock ids, limits and prices: one data file,
 * {@code catalog/models.json} on the classpath, plus optional overrides from the environment.
 *
 * <p>Overrides change the catalog without a rebuild. {@value #OVERRIDES_ENV} holds either inline
 * JSON (text starting with <code>{</code>) or the path of a file, in the shape
 * <code>{"models":[...]}</code> with complete model entries: an entry whose name is already in
 * the catalog replaces that model in place, any other entry is appended. An override that cannot
 * be read, parsed or validated stops start-up with an {@link IllegalStateException} naming
 * {@value #OVERRIDES_ENV}: a gateway must not bill from a price list it half understood.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ModelCatalog {

    /** Environment variable with catalog overrides: inline JSON or a file path. */
    public static final String OVERRIDES_ENV = "MODEL_CATALOG_OVERRIDES";
    /** Classpath location of the catalog data file. */
    public static final String RESOURCE = "catalog/models.json";

    /** Names and aliases: lower case, URL- and glob-safe. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** Prefixes of Bedrock system-defined cross-region inference profiles. */
    private static final Set<String> PROFILE_PREFIXES = Set.of("us", "eu", "apac", "jp", "au", "ca", "us-gov", "global");

    private final String source;
    private final String pricesAsOf;
    private final Map<String, String> retiredNames;
    private final List<ModelInfo> models;
    private final Map<String, ModelInfo> byName;
    private final Map<String, ModelInfo> byId;

    private ModelCatalog(String source, String pricesAsOf, Map<String, String> retiredNames, List<ModelInfo> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("the catalog has no models");
        }
        this.source = source;
        this.pricesAsOf = pricesAsOf;
        this.retiredNames = Collections.unmodifiableMap(new LinkedHashMap<>(retiredNames));
        this.models = List.copyOf(models);
        Map<String, ModelInfo> names = new HashMap<>();
        Map<String, ModelInfo> ids = new HashMap<>();
        for (ModelInfo m : this.models) {
            index(names, m.name(), m);
            for (String alias : m.aliases()) {
                index(names, alias, m);
            }
            indexId(ids, m.bedrockModelId(), m);
            if (m.inferenceProfileId() != null) {
                indexId(ids, m.inferenceProfileId(), m);
            }
        }
        for (Map.Entry<String, ModelInfo> e : names.entrySet()) {
            ModelInfo other = ids.get(e.getKey());
            if (other != null && other != e.getValue()) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is a name of " + e.getValue().name()
                        + " and a Bedrock id of " + other.name());
            }
        }
        for (Map.Entry<String, String> retired : this.retiredNames.entrySet()) {
            ModelInfo target = names.get(retired.getKey());
            if (target == null || !target.name().equals(retired.getValue())) {
                throw new IllegalArgumentException("retired name " + retired.getKey() + " must stay an alias of "
                        + retired.getValue() + " (it resolves to " + (target == null ? "nothing" : target.name()) + ")");
            }
        }
        this.byName = Map.copyOf(names);
        this.byId = Map.copyOf(ids);
    }

    /**
     * The catalog from the classpath data file, with the overrides in {@value #OVERRIDES_ENV}
     * applied when that variable is set.
     *
     * @throws IllegalStateException when the data file or the overrides are invalid
     */
    public static ModelCatalog load(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        ModelCatalog base;
        try {
            CatalogJson.Document doc = CatalogJson.parseCatalog(readResource());
            if (doc.source() == null || doc.pricesAsOf() == null || doc.currency() == null) {
                throw new IllegalArgumentException("source, prices_as_of and currency are required");
            }
            base = new ModelCatalog(doc.source(), doc.pricesAsOf(), doc.retiredNames(), doc.models());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("model catalog " + RESOURCE + " is invalid: " + e.getMessage(), e);
        }
        String overrides = env.get(OVERRIDES_ENV);
        if (overrides == null || overrides.isBlank()) {
            return base;
        }
        try {
            return base.withOverrides(overridesText(overrides.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(OVERRIDES_ENV + " is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * A catalog from JSON text in the data-file shape; {@code models} is required, the top-level
     * facts ({@code source}, {@code prices_as_of}, ...) are optional here. For tests.
     *
     * @throws IllegalArgumentException when the text is not a valid catalog
     */
    public static ModelCatalog fromJson(String json) {
        CatalogJson.Document doc = CatalogJson.parseCatalog(json);
        return new ModelCatalog(doc.source(), doc.pricesAsOf(), doc.retiredNames(), doc.models());
    }

    /**
     * This catalog with override entries applied: same name replaces in place, new name appends.
     *
     * @throws IllegalArgumentException when the overrides are invalid or make the catalog inconsistent
     */
    ModelCatalog withOverrides(String json) {
        List<ModelInfo> entries = CatalogJson.parseOverrides(json);
        Map<String, ModelInfo> merged = new LinkedHashMap<>();
        for (ModelInfo m : models) {
            merged.put(m.name(), m);
        }
        Set<String> seen = new HashSet<>();
        for (ModelInfo m : entries) {
            if (!seen.add(m.name())) {
                throw new IllegalArgumentException("model " + m.name() + " appears twice in the overrides");
            }
            merged.put(m.name(), m);
        }
        return new ModelCatalog(source, pricesAsOf, retiredNames, new ArrayList<>(merged.values()));
    }

    /**
     * The model with this name or alias (case-insensitive), Bedrock model id or inference
     * profile id. Also accepted, for clients of the Bedrock-compatible route: a Bedrock ARN
     * ending in one of those ids, and any cross-region profile id ({@code eu.}, {@code global.},
     * ...) of a catalog model; the gateway still invokes the catalog's own {@link ModelInfo#invokeId()}.
     * Null or blank gives empty.
     */
    public Optional<ModelInfo> resolve(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            return Optional.empty();
        }
        String key = nameOrId.strip();
        ModelInfo m = byName.get(key.toLowerCase(Locale.ROOT));
        if (m == null) {
            m = byId(key);
        }
        if (m == null && key.startsWith("arn:") && key.indexOf('/') > 0) {
            m = byId(key.substring(key.lastIndexOf('/') + 1));
        }
        return Optional.ofNullable(m);
    }

    private ModelInfo byId(String id) {
        ModelInfo m = byId.get(id);
        if (m == null) {
            int dot = id.indexOf('.');
            if (dot > 0 && PROFILE_PREFIXES.contains(id.substring(0, dot))) {
                m = byId.get(id.substring(dot + 1));
            }
        }
        return m;
    }

    /** All entries, in catalog order. */
    public List<ModelInfo> models() {
        return models;
    }

    /**
     * Whether an allow-list entry ({@code "*"}, {@code "claude-*"}, an exact name or alias)
     * matches at least one model. Used to reject team allow-lists that name nothing.
     */
    public boolean isKnownPattern(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return false;
        }
        for (ModelInfo m : models) {
            if (matches(pattern, m)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a glob pattern, where {@code *} stands for any run of characters, matches the
     * model's name or one of its aliases, ignoring case.
     */
    public static boolean matches(String pattern, ModelInfo m) {
        if (pattern == null || pattern.isBlank() || m == null) {
            return false;
        }
        String p = pattern.strip().toLowerCase(Locale.ROOT);
        if (glob(p, m.name().toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (String alias : m.aliases()) {
            if (glob(p, alias.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Where the prices come from (URLs). */
    public String source() {
        return source;
    }

    /** The date the prices were checked, YYYY-MM-DD. */
    public String pricesAsOf() {
        return pricesAsOf;
    }

    /** Names of models retired from Bedrock and the catalog model each now resolves to. */
    public Map<String, String> retiredNames() {
        return retiredNames;
    }

    /** Glob match with {@code *} only: greedy with backtracking to the last star, linear in practice. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static void index(Map<String, ModelInfo> names, String name, ModelInfo m) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model " + m.name() + ": '" + name
                    + "' is not a valid name (lower-case letters, digits, '.', '_', '-')");
        }
        ModelInfo previous = names.putIfAbsent(name, m);
        if (previous != null) {
            throw new IllegalArgumentException("name or alias '" + name + "' is used by both "
                    + previous.name() + " and " + m.name());
        }
    }

    private static void indexId(Map<String, ModelInfo> ids, String id, ModelInfo m) {
        ModelInfo previous = ids.putIfAbsent(id, m);
        if (previous != null && previous != m) {
            throw new IllegalArgumentException("Bedrock id '" + id + "' is used by both "
                    + previous.name() + " and " + m.name());
        }
    }

    private static String readResource() {
        ClassLoader loader = ModelCatalog.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("model catalog " + RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model catalog " + RESOURCE, e);
        }
    }

    private static String overridesText(String value) {
        if (value.startsWith("{")) {
            return value;
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("it is neither inline JSON (starting with '{') nor a file path: " + value);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("it is neither inline JSON (starting with '{') nor a readable file: " + value);
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read file " + value + ": " + e.getMessage());
        }
    }
}
