package com.llmgateway.dynamodb.standin;

/** A failure {@link Faults} can inject into matching requests. */
public enum Fault {
    /** 400 ProvisionedThroughputExceededException (the SDKs retry it). */
    THROTTLE,
    /** TransactionCanceledException with TransactionConflict on TransactWriteItems; TransactionConflictException on single-item writes. */
    TRANSACTION_CONFLICT,
    /** 500 InternalServerError. */
    INTERNAL,
    /** 503 ServiceUnavailableException. */
    UNAVAILABLE,
    /** The connection is closed with no answer. */
    OUTAGE
}
