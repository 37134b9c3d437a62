package com.llmgateway.gateway.metering;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.team.Team;

/**
 * The team's model allow-list: names or glob patterns ("*", "claude-*") matched against the
 * model's catalog name and aliases. Admission checks it before any write; the chat pipeline may
 * call it earlier (and /v1/models may filter with {@link #allowed}).
 */
public final class ModelPermission {

    private ModelPermission() {
    }

    public static boolean allowed(Team team, ModelInfo model) {
        return team.allowedModels().stream().anyMatch(p -> ModelCatalog.matches(p, model));
    }

    /** Throws 403 {@code model_not_allowed} naming the model when the team may not use it. */
    public static void check(Team team, ModelInfo model) {
        if (!allowed(team, model)) {
            throw new GatewayException(403, "permission_denied", "model_not_allowed", "model",
                    "Team '" + team.teamId() + "' may not use model '" + model.name() + "'. Allowed: "
                            + String.join(", ", team.allowedModels()) + ".");
        }
    }
}
