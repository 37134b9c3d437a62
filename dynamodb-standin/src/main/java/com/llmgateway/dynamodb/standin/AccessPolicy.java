package com.llmgateway.dynamodb.standin;

/**
 * Decides whether a caller may perform an action on a table, the way an IAM identity policy
 * would. The stand-in checks no signature: the caller is who the SigV4 Authorization header's
 * credential says.
 */
@FunctionalInterface
public interface AccessPolicy {
    /** Allows everything. */
    AccessPolicy ALLOW_ALL = (accessKeyId, action, tableName) -> true;

    /**
     * @param accessKeyId from the SigV4 Authorization header's Credential=AKID/…; null when absent
     * @param action the IAM action without prefix: GetItem, PutItem, UpdateItem, DeleteItem,
     *        ConditionCheckItem, Query, Scan, BatchGetItem, BatchWriteItem, CreateTable, DescribeTable,
     *        ListTables, DeleteTable, UpdateTimeToLive, DescribeTimeToLive
     * @param tableName the table's name (null for ListTables)
     */
    boolean allows(String accessKeyId, String action, String tableName);
}
