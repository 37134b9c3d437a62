package com.llmgateway.dynamodb.standin;

/** A key attribute: its name and declared scalar type ('S', 'N' or 'B'). */
record KeyDef(String name, char type) {
}
