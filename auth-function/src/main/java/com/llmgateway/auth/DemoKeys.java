package com.llmgateway.auth;

/** The demo team and its three keys (plaintext), as the local runtime writes them to local.json. */
public record DemoKeys(String teamId, String invokeKey, String finopsKey, String adminKey) {
}
