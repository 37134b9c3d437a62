package com.llmgateway.gateway.testing;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;

import java.util.Map;

/**
 * The shipped catalog plus two test models with fixed prices (added through the documented
 * override variable), so hand-worked costs do not move when catalog prices change.
 */
public final class TestCatalog {

    /** test-model: $0.80 in / $3.20 out per 1M tokens, at most 4096 output tokens. */
    public static final String TEST_MODEL = "test-model";
    /** test-nosys: takes no system prompt; old name "legacy-nosys" resolves to it. test-claude: provider anthropic. */
    public static final String NO_SYSTEM_MODEL = "test-nosys";

    static final String OVERRIDES = """
            {"models": [
              {"name": "test-model", "bedrock_model_id": "test.model-v1:0", "inference_profile_id": "us.test.model-v1:0",
               "provider": "testco", "description": "A model for tests.", "context_window": 32000, "max_output_tokens": 4096,
               "input_price_per_1m": "0.80", "output_price_per_1m": "3.20", "cache_read_price_per_1m": "0.08",
               "cache_write_price_per_1m": null, "capabilities": {"system": true, "tools": false, "vision": false},
               "lifecycle": "active", "aliases": []},
              {"name": "test-nosys", "bedrock_model_id": "test.nosys-v1:0", "inference_profile_id": null,
               "provider": "testco", "description": "A test model without system prompts.", "context_window": 8000,
               "max_output_tokens": 1000, "input_price_per_1m": "0.15", "output_price_per_1m": "0.60",
               "cache_read_price_per_1m": null, "cache_write_price_per_1m": null,
               "capabilities": {"system": false, "tools": false, "vision": false},
               "lifecycle": "legacy", "aliases": ["legacy-nosys"]},
              {"name": "test-claude", "bedrock_model_id": "anthropic.test-claude-v1:0", "inference_profile_id": null,
               "provider": "anthropic", "description": "An Anthropic model for tests.", "context_window": 200000,
               "max_output_tokens": 8192, "input_price_per_1m": "1.00", "output_price_per_1m": "5.00",
               "cache_read_price_per_1m": null, "cache_write_price_per_1m": null,
               "capabilities": {"system": true, "tools": true, "vision": true},
               "lifecycle": "active", "aliases": []}
            ]}
            """;

    private static final ModelCatalog CATALOG = ModelCatalog.load(Map.of(ModelCatalog.OVERRIDES_ENV, OVERRIDES));

    private TestCatalog() {
    }

    public static ModelCatalog catalog() {
        return CATALOG;
    }

    public static ModelInfo model(String name) {
        return CATALOG.resolve(name).orElseThrow();
    }
}
