package com.llmgateway.gateway.bedrock;

import com.llmgateway.core.aws.SdkHttpClients;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.gateway.model.InferenceSettings;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelClient;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ModelResult;
import com.llmgateway.gateway.model.ToolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * {@link ModelClient} over Bedrock Runtime {@code Converse} with the AWS SDK v2. One
 * {@link BedrockRuntimeClient} per instance (build it once per sandbox): the Apache 5 HTTP
 * client ({@link SdkHttpClients}), an explicit region, call and attempt timeouts below API Gateway's 30 s, and the
 * standard retry mode (jittered exponential backoff, longer on throttling). SDK failures leave as
 * {@link com.llmgateway.core.error.GatewayException}s (see {@link BedrockErrors}).
 */
public final class BedrockModelClient implements ModelClient, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BedrockModelClient.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final BedrockRuntimeClient client;
    /** ConverseStream, outside the SDK's sync client (which lacks it); null: streams replay one Converse call. */
    private final BedrockStreamClient stream;

    public BedrockModelClient(BedrockRuntimeClient client) {
        this(client, null);
    }

    private BedrockModelClient(BedrockRuntimeClient client, BedrockStreamClient stream) {
        this.client = Objects.requireNonNull(client, "client");
        this.stream = stream;
    }

    /** Builds the SDK client from the configuration; call once per handler instance. */
    public static BedrockModelClient create(BedrockConfig config) {
        AwsCredentialsProvider credentials = credentials(config);
        // Its own connection pool: a stream holds a connection for as long as the model talks.
        BedrockStreamClient stream = new BedrockStreamClient(
                SdkHttpClients.builder(CONNECT_TIMEOUT, config.attemptTimeout()).build(), credentials,
                config.region(), config.endpointOverride(), config.maxAttempts());
        return new BedrockModelClient(buildClient(config, credentials), stream);
    }

    static BedrockRuntimeClient buildClient(BedrockConfig config) {
        return buildClient(config, credentials(config));
    }

    private static BedrockRuntimeClient buildClient(BedrockConfig config, AwsCredentialsProvider credentials) {
        return builder(config)
                .httpClientBuilder(SdkHttpClients.builder(CONNECT_TIMEOUT, config.attemptTimeout()))
                .credentialsProvider(credentials).build();
    }

    private static AwsCredentialsProvider credentials(BedrockConfig config) {
        if (config.endpointOverride() != null) {
            // The local stand-in checks no signature; a real endpoint override (a VPC endpoint) would
            // not be set through BEDROCK_ENDPOINT, which is for the stand-in only.
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    config.localAccessKeyId() == null ? "standin" : config.localAccessKeyId(), "standin"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * A client configured as {@link #create} but on the given HTTP client with dummy credentials:
     * SnapStart priming over a canned HTTP client (same marshallers and signer, no socket, no
     * credential lookup).
     */
    public static BedrockModelClient onHttpClient(BedrockConfig config, SdkHttpClient http) {
        return new BedrockModelClient(builder(config).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .build());
    }

    private static BedrockRuntimeClientBuilder builder(BedrockConfig config) {
        BedrockRuntimeClientBuilder builder = BedrockRuntimeClient.builder()
                .region(Region.of(config.region()))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(config.apiCallTimeout())
                        .apiCallAttemptTimeout(config.attemptTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(config.maxAttempts())
                                .build()));
        if (config.endpointOverride() != null) {
            builder.endpointOverride(config.endpointOverride());
        }
        return builder;
    }

    /** The SDK client, for the other Bedrock operations of the same sandbox ({@link BedrockEmbeddingClient}). */
    BedrockRuntimeClient runtime() {
        return client;
    }

    @Override
    public ModelResult converse(ModelCall call) {
        ConverseRequest request = toRequest(call);
        long started = System.nanoTime();
        ConverseResponse response;
        try {
            response = client.converse(request);
        } catch (SdkException e) {
            logFailure(call, e, started);
            throw BedrockErrors.map(e, call.modelName());
        }
        return toResult(response, (System.nanoTime() - started) / 1_000_000);
    }

    /** ConverseStream: each event handed on as it arrives ({@link BedrockStreamClient}). */
    @Override
    public ModelResult converseStream(ModelCall call, java.util.function.Consumer<com.llmgateway.gateway.model.StreamEvent> events) {
        return stream == null ? ModelClient.super.converseStream(call, events) : stream.converseStream(call, events);
    }

    static ConverseRequest toRequest(ModelCall neutral) {
        ModelCall call = BedrockQuirks.fit(neutral);
        ConverseRequest.Builder b = ConverseRequest.builder()
                .modelId(call.modelId())
                .messages(call.messages().stream().map(BedrockModelClient::message).toList());
        if (!call.system().isEmpty()) {
            b.system(call.system().stream().map(t -> SystemContentBlock.builder().text(t).build()).toList());
        }
        InferenceConfiguration inference = inference(call.inference());
        if (inference != null) {
            b.inferenceConfig(inference);
        }
        if (call.tools() != null) {
            b.toolConfig(toolConfig(call.tools()));
        }
        return b.build();
    }

    private static Message message(ModelMessage m) {
        return Message.builder()
                .role(m.role() == ModelMessage.Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT)
                .content(m.content().stream().map(BedrockModelClient::block).toList())
                .build();
    }

    private static ContentBlock block(com.llmgateway.gateway.model.ContentBlock block) {
        return switch (block) {
            case com.llmgateway.gateway.model.ContentBlock.Text t -> ContentBlock.fromText(t.text());
            case com.llmgateway.gateway.model.ContentBlock.ToolUse u -> ContentBlock.fromToolUse(ToolUseBlock.builder()
                    .toolUseId(u.id()).name(u.name()).input(Documents.fromJson(u.input())).build());
            // No status: Converse accepts it for Anthropic models only, and OpenAI tool messages carry none.
            case com.llmgateway.gateway.model.ContentBlock.ToolResult r -> ContentBlock.fromToolResult(ToolResultBlock.builder()
                    .toolUseId(r.toolUseId())
                    .content(r.texts().stream().map(ToolResultContentBlock::fromText).toList())
                    .build());
        };
    }

    static ToolConfiguration toolConfig(ToolConfig config) {
        List<Tool> tools = config.tools().stream().map(t -> Tool.fromToolSpec(ToolSpecification.builder()
                .name(t.name())
                .description(t.description())
                .inputSchema(ToolInputSchema.fromJson(Documents.fromJson(t.inputSchema())))
                .build())).toList();
        ToolChoice choice = switch (config.choice().mode()) {
            case AUTO -> ToolChoice.fromAuto(AutoToolChoice.builder().build());
            case ANY -> ToolChoice.fromAny(AnyToolChoice.builder().build());
            case TOOL -> ToolChoice.fromTool(SpecificToolChoice.builder().name(config.choice().name()).build());
        };
        return ToolConfiguration.builder().tools(tools).toolChoice(choice).build();
    }

    private static InferenceConfiguration inference(InferenceSettings s) {
        if (s.maxTokens() == null && s.temperature() == null && s.topP() == null && s.stopSequences().isEmpty()) {
            return null;
        }
        InferenceConfiguration.Builder b = InferenceConfiguration.builder();
        if (s.maxTokens() != null) {
            b.maxTokens(s.maxTokens());
        }
        if (s.temperature() != null) {
            b.temperature(s.temperature().floatValue());
        }
        if (s.topP() != null) {
            b.topP(s.topP().floatValue());
        }
        if (!s.stopSequences().isEmpty()) {
            b.stopSequences(s.stopSequences());
        }
        return b.build();
    }

    static ModelResult toResult(ConverseResponse response, long latencyMs) {
        List<com.llmgateway.gateway.model.ContentBlock> content = new ArrayList<>();
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                if (block.text() != null) {
                    content.add(new com.llmgateway.gateway.model.ContentBlock.Text(block.text()));
                } else if (block.toolUse() != null) {
                    ToolUseBlock use = block.toolUse();
                    content.add(new com.llmgateway.gateway.model.ContentBlock.ToolUse(use.toolUseId(), use.name(),
                            Documents.toJson(use.input())));
                }
                // Reasoning and other block kinds are not part of the OpenAI answer.
            }
        }
        var u = response.usage();
        TokenUsage usage = u == null ? TokenUsage.ZERO : new TokenUsage(
                nonNull(u.inputTokens()), nonNull(u.outputTokens()),
                nonNull(u.cacheReadInputTokens()), nonNull(u.cacheWriteInputTokens()));
        return new ModelResult(content, response.stopReasonAsString(), usage, latencyMs);
    }

    private static long nonNull(Integer v) {
        return v == null ? 0 : v;
    }

    private static void logFailure(ModelCall call, SdkException e, long started) {
        String code = e instanceof AwsServiceException a && a.awsErrorDetails() != null
                ? a.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        int status = e instanceof AwsServiceException a ? a.statusCode() : 0;
        String awsRequestId = e instanceof AwsServiceException a ? a.requestId() : null;
        // The SDK message is left out on purpose: it can carry prompt fragments or account details.
        LOG.warn("bedrock call failed", entry("model_id", call.modelId()), entry("error_code", code),
                entry("upstream_status", status), entry("aws_request_id", awsRequestId),
                entry("attempts", e.numAttempts()),
                entry("elapsed_ms", (System.nanoTime() - started) / 1_000_000));
    }

    @Override
    public void close() {
        client.close();
        if (stream != null) {
            stream.close();
        }
    }
}
