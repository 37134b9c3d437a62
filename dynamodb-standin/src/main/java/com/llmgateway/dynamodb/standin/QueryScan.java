package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.dynamodb.standin.expr.Condition;
import com.llmgateway.dynamodb.standin.expr.ExpressionContext;
import com.llmgateway.dynamodb.standin.expr.KeyCondition;
import com.llmgateway.dynamodb.standin.expr.Projection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Query and Scan on a table or a secondary index (global or local): key condition, filter, projection, Select,
 * Limit, ExclusiveStartKey / LastEvaluatedKey and the 1 MB page (API reference, "Query": "A single
 * Query operation will read up to the maximum number of items set (if using the Limit parameter) or
 * a maximum of 1 MB of data and then apply any filtering"). Scan order is the order of the sorted
 * partition keys, which is stable, so pages never skip or repeat an item.
 */
final class QueryScan {
    static final long PAGE_BYTES = 1024 * 1024;

    private final Database db;

    QueryScan(Database db) {
        this.db = db;
    }

    void register(Map<String, Operation> ops) {
        ops.put("Query", (req, used) -> run(req, true, used));
        ops.put("Scan", (req, used) -> run(req, false, used));
    }

    /** Where a read runs: the table, or one of its indexes. */
    private record Target(Table table, SecondaryIndex index) {
        KeyDef hash() {
            return index == null ? table.schema().hash() : index.schema().hash();
        }

        KeyDef range() {
            return index == null ? table.schema().range() : index.schema().range();
        }

        ObjectNode lastKey(ObjectNode entry) {
            return index == null ? Keys.keyAttributes(table.schema(), entry) : index.lastKey(entry);
        }
    }

    private ObjectNode run(ObjectNode req, boolean query, Capacity used) {
        Items.refuseLegacy(req);
        String tableName = TableOps.tableName(req);
        String indexName = Json.text(req, "IndexName");
        String keyText = query ? Json.text(req, "KeyConditionExpression") : null;
        if (query && keyText == null) {
            throw ApiException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified "
                    + "in the request.");
        }
        String filterText = Json.text(req, "FilterExpression");
        String projectionText = Json.text(req, "ProjectionExpression");
        Items.refuseStrayMaps(req, keyText != null || filterText != null || projectionText != null);
        int limit = Integer.MAX_VALUE;
        if (req.has("Limit")) {
            limit = req.get("Limit").asInt();
            if (limit < 1) {
                throw ApiException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to "
                        + "satisfy constraint: Member must have value greater than or equal to 1");
            }
        }
        String select = Json.text(req, "Select");
        if (select == null) {
            select = projectionText != null ? "SPECIFIC_ATTRIBUTES" : indexName != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
        }
        switch (select) {
            case "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "COUNT" -> {
                if (projectionText != null) {
                    throw ApiException.validation("Cannot specify the ProjectionExpression when choosing to get "
                            + select);
                }
            }
            case "SPECIFIC_ATTRIBUTES" -> {
                if (projectionText == null) {
                    throw ApiException.validation("Select type SPECIFIC_ATTRIBUTES requires ProjectionExpression or "
                            + "AttributesToGet");
                }
            }
            default -> throw ApiException.validation("1 validation error detected: Value '" + select + "' at 'select' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, "
                    + "ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
        }
        boolean consistent = req.path("ConsistentRead").asBoolean(false);
        boolean forward = !query || req.path("ScanIndexForward").asBoolean(true);
        ObjectNode startKeyRaw = Json.obj(req, "ExclusiveStartKey");
        ObjectNode startKey = startKeyRaw == null ? null : Items.validate(startKeyRaw);
        int totalSegments = req.has("TotalSegments") ? req.get("TotalSegments").asInt() : 0;
        int segment = req.has("Segment") ? req.get("Segment").asInt() : 0;
        if (!query && (req.has("TotalSegments") != req.has("Segment")
                || (totalSegments != 0 && (segment < 0 || segment >= totalSegments)))) {
            throw ApiException.validation("The Segment parameter is required but was not present in the request when "
                    + "parameter TotalSegments is present");
        }

        ExpressionContext ctx = new ExpressionContext(Json.names(req), Json.values(req));
        final String finalSelect = select;
        final int finalLimit = limit;
        return db.read(() -> {
            Table table = db.table(tableName);
            SecondaryIndex index = null;
            if (indexName != null) {
                index = table.index(indexName);
                if (index == null) {
                    throw ApiException.validation("The table does not have the specified index: " + indexName);
                }
                if (consistent && !index.schema().local()) {
                    throw ApiException.validation("Consistent reads are not supported on global secondary indexes");
                }
                if ("ALL_ATTRIBUTES".equals(finalSelect) && !index.schema().local()
                        && !"ALL".equals(index.schema().projectionType())) {
                    throw ApiException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                            + "is not supported for global secondary index " + indexName
                            + " because its projection type is not ALL");
                }
            }
            Target target = new Target(table, index);
            // Parsed here, not before the lock, because the key condition needs the key names.
            KeyCondition keyCondition = keyText == null ? null
                    : ctx.keyCondition(keyText, target.hash().name(), String.valueOf(target.hash().type()),
                            target.range() == null ? null : target.range().name(),
                            target.range() == null ? null : String.valueOf(target.range().type()));
            Condition filter = filterText == null ? null : ctx.condition(filterText, "FilterExpression");
            if (query && filter != null) {
                refuseKeyAttributes(target, filter);
            }
            Projection projection = projectionText == null ? null : ctx.projection(projectionText);
            ctx.checkAllUsed();
            Iterator<ObjectNode> source = query ? queryIterator(target, keyCondition, startKey, forward)
                    : scanIterator(target, startKey, segment, totalSegments);
            if (index != null && index.schema().local() && !"ALL".equals(index.schema().projectionType())
                    && !"ALL_PROJECTED_ATTRIBUTES".equals(finalSelect) && !"COUNT".equals(finalSelect)) {
                // Developer guide, "Local secondary indexes": attributes not projected into an LSI are
                // fetched from the table. Fetching whole items for ALL_ATTRIBUTES and for projections
                // gives the same answer as fetching only when a non-projected attribute is named.
                source = fetchFromTable(table, source);
            }
            return page(target, source, filter, projection, finalSelect, finalLimit, req, used);
        });
    }

    /**
     * A Query's key attributes belong in its KeyConditionExpression (developer guide, "Filter
     * expressions for Query": "A filter expression cannot contain partition key or sort key
     * attributes"); for an index, its own key attributes. Scan filters may name any attribute.
     */
    private static void refuseKeyAttributes(Target target, Condition filter) {
        Set<String> read = filter.topLevelAttributes();
        KeyDef range = target.range();
        String key = read.contains(target.hash().name()) ? target.hash().name()
                : range != null && read.contains(range.name()) ? range.name() : null;
        if (key != null) {
            throw ApiException.validation("Filter Expression can only contain non-primary key attributes: "
                    + "Primary key attribute: " + key);
        }
    }

    private ObjectNode page(Target target, Iterator<ObjectNode> source, Condition filter, Projection projection,
            String select, int limit, ObjectNode req, Capacity used) {
        ObjectNode out = Json.object();
        ArrayNode items = "COUNT".equals(select) ? null : out.putArray("Items");
        int count = 0;
        int scanned = 0;
        long bytes = 0;
        ObjectNode last = null;
        while (source.hasNext()) {
            ObjectNode entry = source.next();
            scanned++;
            bytes += Items.size(entry);
            if (filter == null || filter.test(entry)) {
                count++;
                if (items != null) {
                    items.add(projection == null ? entry : projection.apply(entry));
                }
            }
            if (scanned >= limit || (bytes >= PAGE_BYTES && source.hasNext())) {
                last = target.lastKey(entry);
                break;
            }
        }
        out.put("Count", count);
        out.put("ScannedCount", scanned);
        if (last != null) {
            out.set("LastEvaluatedKey", last);
        }
        // every item read counts, before the filter and whatever the projection, rounded up once
        used.read(target.table().schema().name(), target.index(),
                Capacity.readUnits(bytes, req.path("ConsistentRead").asBoolean(false)));
        return out;
    }

    private static Iterator<ObjectNode> fetchFromTable(Table table, Iterator<ObjectNode> entries) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public ObjectNode next() {
                ObjectNode entry = entries.next();
                ObjectNode item = table.get(Keys.ofStored(table.schema(), entry));
                return item == null ? entry : item;
            }
        };
    }

    private static KeyValue keyValue(KeyDef def, JsonNode v) {
        if (v == null || !String.valueOf(def.type()).equals(Keys.typeOf(v))) {
            return null;
        }
        return KeyValue.of((ObjectNode) v, def.type());
    }

    private static ApiException badStartKey() {
        return ApiException.validation("The provided starting key is invalid: The provided key element does not match "
                + "the schema");
    }

    private static Iterator<ObjectNode> queryIterator(Target target, KeyCondition kc, ObjectNode startKey, boolean forward) {
        KeyValue hash = keyValue(target.hash(), kc.hashValue());
        if (hash == null) {
            throw ApiException.validation("One or more parameter values were invalid: Condition parameter type does not "
                    + "match schema type");
        }
        KeyDef range = target.range();
        Function<ObjectNode, Boolean> inRange = e -> range == null || kc.matchesRange((ObjectNode) e.get(range.name()));
        if (target.index() == null) {
            TreeMap<KeyValue, ObjectNode> part = target.table().partitions().get(hash);
            if (part == null) {
                return Collections.emptyIterator();
            }
            NavigableMap<KeyValue, ObjectNode> view = forward ? part : part.descendingMap();
            if (startKey != null) {
                Keys.PrimaryKey pk = startKeyOf(target.table().schema(), startKey);
                if (!pk.hash().equals(hash)) {
                    throw ApiException.validation("The provided starting key is outside query boundaries based on "
                            + "provided conditions");
                }
                view = view.tailMap(pk.range(), false);
            }
            return view.values().stream().filter(inRange::apply).iterator();
        }
        SecondaryIndex idx = target.index();
        TreeMap<SecondaryIndex.Position, ObjectNode> part = idx.partitions().get(hash);
        if (part == null) {
            return Collections.emptyIterator();
        }
        NavigableMap<SecondaryIndex.Position, ObjectNode> view = forward ? part : part.descendingMap();
        if (startKey != null) {
            SecondaryIndex.Position pos = idx.position(startKey);
            if (pos == null) {
                throw badStartKey();
            }
            view = view.tailMap(pos, false);
        }
        return view.values().stream().filter(inRange::apply).iterator();
    }

    private static Keys.PrimaryKey startKeyOf(TableSchema s, ObjectNode startKey) {
        try {
            return Keys.ofKeyParameter(s, startKey);
        } catch (ApiException e) {
            throw badStartKey();
        }
    }

    private static Iterator<ObjectNode> scanIterator(Target target, ObjectNode startKey, int segment, int total) {
        if (target.index() == null) {
            NavigableMap<KeyValue, TreeMap<KeyValue, ObjectNode>> parts = target.table().partitions();
            Stream<ObjectNode> s;
            if (startKey != null) {
                Keys.PrimaryKey pk = startKeyOf(target.table().schema(), startKey);
                TreeMap<KeyValue, ObjectNode> first = parts.get(pk.hash());
                Stream<ObjectNode> rest = parts.tailMap(pk.hash(), false).entrySet().stream()
                        .filter(e -> inSegment(e.getKey(), segment, total))
                        .flatMap(e -> e.getValue().values().stream());
                s = first == null ? rest : Stream.concat(first.tailMap(pk.range(), false).values().stream(), rest);
            } else {
                s = parts.entrySet().stream().filter(e -> inSegment(e.getKey(), segment, total))
                        .flatMap(e -> e.getValue().values().stream());
            }
            return s.iterator();
        }
        SecondaryIndex idx = target.index();
        NavigableMap<KeyValue, TreeMap<SecondaryIndex.Position, ObjectNode>> parts = idx.partitions();
        if (startKey == null) {
            return parts.entrySet().stream().filter(e -> inSegment(e.getKey(), segment, total))
                    .flatMap(e -> e.getValue().values().stream()).iterator();
        }
        KeyValue h = keyValue(idx.schema().hash(), startKey.get(idx.schema().hash().name()));
        SecondaryIndex.Position pos = idx.position(startKey);
        if (h == null || pos == null) {
            throw badStartKey();
        }
        TreeMap<SecondaryIndex.Position, ObjectNode> first = parts.get(h);
        Stream<ObjectNode> rest = parts.tailMap(h, false).entrySet().stream()
                .filter(e -> inSegment(e.getKey(), segment, total))
                .flatMap(e -> e.getValue().values().stream());
        return (first == null ? rest : Stream.concat(first.tailMap(pos, false).values().stream(), rest)).iterator();
    }

    private static boolean inSegment(KeyValue hash, int segment, int total) {
        return total <= 1 || Math.floorMod(hash.hashCode(), total) == segment;
    }
}
