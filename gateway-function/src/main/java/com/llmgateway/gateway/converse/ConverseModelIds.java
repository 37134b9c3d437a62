package com.llmgateway.gateway.converse;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code modelId} of a Converse path as Bedrock takes it: a catalog name, a Bedrock model id,
 * an inference-profile id, or an ARN of a foundation model, an inference profile or an application
 * inference profile ({@code arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0};
 * the AWS SDKs send it percent-encoded, and HTTP API hands it over decoded).
 *
 * <p>An ARN resolves by the id after its {@code /}, as the catalog knows it; the gateway then
 * invokes the catalog's own model id in its own region and account, so the ARN's region and
 * account are checked for shape only (a region code, and 12 digits where Bedrock puts an account:
 * none or 12 for a foundation model, 12 for a profile). A malformed identifier is a 400
 * ValidationException in Bedrock's words; a well-formed one that names no catalog model
 * (an application inference profile, a provisioned or custom model) a 404 ResourceNotFoundException.
 */
final class ConverseModelIds {

    /** Bedrock's longest modelId. */
    static final int MAX_LENGTH = 2048;
    private static final Pattern ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):bedrock:([a-z]{2}(?:-[a-z]+)+-\\d{1,2}):(\\d{12})?:([a-z-]{1,64})/([^/]+)");
    private static final Set<String> MODEL_RESOURCES = Set.of("foundation-model", "inference-profile",
            "application-inference-profile", "provisioned-model", "custom-model", "custom-model-deployment",
            "imported-model", "prompt", "prompt-router", "default-prompt-router");
    private static final String INVALID = "The provided model identifier is invalid.";

    private ConverseModelIds() {
    }

    /** The catalog model the path's id names; throws the 400 or 404 Bedrock would. */
    static ModelInfo resolve(String modelId, ModelCatalog catalog) {
        if (modelId.length() > MAX_LENGTH) {
            throw ConverseRequests.invalid(INVALID + " A modelId has at most " + MAX_LENGTH + " characters.", "modelId");
        }
        String lookup = modelId;
        if (modelId.startsWith("arn:")) {
            Matcher arn = ARN.matcher(modelId);
            if (!arn.matches()) {
                throw ConverseRequests.invalid(INVALID + " A Bedrock ARN reads arn:aws:bedrock:<region>:<account>:"
                        + "inference-profile/<id> (or foundation-model/<id>, without an account).", "modelId");
            }
            String account = arn.group(3);
            String resource = arn.group(4);
            if (!MODEL_RESOURCES.contains(resource)) {
                throw ConverseRequests.invalid(INVALID + " '" + ConverseRequests.echo(resource)
                        + "' is not a Bedrock model resource type.", "modelId");
            }
            if (account == null && !resource.equals("foundation-model")) {
                throw ConverseRequests.invalid(INVALID + " An ARN of a " + resource + " names its 12-digit account.",
                        "modelId");
            }
            lookup = arn.group(5);
            if (!resource.equals("foundation-model") && !resource.equals("inference-profile")) {
                lookup = null; // the gateway offers catalog models only, never a team's own resources
            }
        } else if (modelId.contains("/")) {
            lookup = null;
        }
        ModelInfo model = lookup == null ? null : catalog.resolve(lookup).orElse(null);
        if (model == null) {
            // An ARN is longer than most echoes: its id is the part worth showing, so it may take 128 characters.
            throw GatewayException.notFound("The model '" + Echo.cut(modelId, 128) + "' does not exist or is not"
                    + " offered by this gateway. GET /v1/models lists the models you can use.", "modelId", "model_not_found");
        }
        return model;
    }
}
