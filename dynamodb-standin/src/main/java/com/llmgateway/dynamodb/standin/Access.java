package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a request to the IAM actions it needs, as AWS authorizes DynamoDB: a batch needs its action
 * on every table named; a TransactWriteItems needs PutItem / UpdateItem / DeleteItem /
 * ConditionCheckItem per action item on that item's table; a TransactGetItems needs GetItem per
 * table (developer guide, "Using IAM with DynamoDB transactions").
 */
final class Access {
    /** One action on one table (null table: ListTables). */
    record Need(String action, String table) {
    }

    /** The caller's identity from the SigV4 Authorization header. */
    record Caller(String accessKeyId, String region) {
        static Caller of(String authorization) {
            if (authorization == null) {
                return new Caller(null, "us-east-1");
            }
            int i = authorization.indexOf("Credential=");
            if (i < 0) {
                return new Caller(null, "us-east-1");
            }
            int end = authorization.indexOf(',', i);
            String cred = authorization.substring(i + "Credential=".length(), end < 0 ? authorization.length() : end).trim();
            String[] parts = cred.split("/");
            String region = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : "us-east-1";
            return new Caller(parts[0].isEmpty() ? null : parts[0], region);
        }
    }

    private Access() {
    }

    /** The tables a request names, in request order, without repeats. */
    static List<String> tables(String operation, ObjectNode req) {
        List<String> out = new ArrayList<>();
        for (Need n : needs(operation, req)) {
            if (n.table() != null && !out.contains(n.table())) {
                out.add(n.table());
            }
        }
        return out;
    }

    static List<Need> needs(String operation, ObjectNode req) {
        List<Need> out = new ArrayList<>(2);
        switch (operation) {
            case "ListTables" -> out.add(new Need("ListTables", null));
            case "BatchGetItem", "BatchWriteItem" -> {
                JsonNode items = req.get("RequestItems");
                if (items != null && items.isObject()) {
                    items.fieldNames().forEachRemaining(t -> out.add(new Need(operation, t)));
                }
            }
            case "TransactWriteItems", "TransactGetItems" -> {
                JsonNode items = req.get("TransactItems");
                if (items != null && items.isArray()) {
                    for (JsonNode item : items) {
                        item.properties().forEach(e -> {
                            String action = switch (e.getKey()) {
                                case "Put" -> "PutItem";
                                case "Update" -> "UpdateItem";
                                case "Delete" -> "DeleteItem";
                                case "ConditionCheck" -> "ConditionCheckItem";
                                default -> "GetItem";
                            };
                            JsonNode t = e.getValue().get("TableName");
                            Need need = new Need(action, t == null ? null : t.asText());
                            if (!out.contains(need)) {
                                out.add(need);
                            }
                        });
                    }
                }
            }
            default -> {
                JsonNode t = req.get("TableName");
                out.add(new Need(operation, t == null || !t.isTextual() ? null : t.textValue()));
            }
        }
        return out;
    }

    /** Throws AccessDeniedException for the first need the policy refuses. */
    static void check(AccessPolicy policy, Caller caller, List<Need> needs) {
        for (Need n : needs) {
            if (!policy.allows(caller.accessKeyId(), n.action(), n.table())) {
                String resource = "arn:aws:dynamodb:" + caller.region() + ":" + TableSchema.ACCOUNT + ":table/"
                        + (n.table() == null ? "*" : n.table());
                throw new ApiException(400, "com.amazon.coral.service#AccessDeniedException",
                        "User: arn:aws:iam::" + TableSchema.ACCOUNT + ":user/" + caller.accessKeyId()
                                + " is not authorized to perform: dynamodb:" + n.action() + " on resource: " + resource
                                + " because no identity-based policy allows the dynamodb:" + n.action() + " action",
                        null, "Message");
            }
        }
    }
}
