package com.llmgateway.core.observability;

import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudWatch embedded-metric-format output through Powertools. One EMF document per request,
 * with the dimensions given; flushed at once so that a request's figures never mix with another's
 * (the local runtime runs many requests in one JVM).
 */
public final class RequestMetrics {

    public static final String NAMESPACE_ENV = "POWERTOOLS_METRICS_NAMESPACE";
    /** The declared default of {@code POWERTOOLS_METRICS_NAMESPACE} (settings.json). */
    public static final String DEFAULT_NAMESPACE = com.llmgateway.core.config.Settings.get(NAMESPACE_ENV).defaultValue();

    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, MetricUnit> units = new LinkedHashMap<>();
    private final DimensionSet dimensions;

    private RequestMetrics(DimensionSet dimensions) {
        this.dimensions = dimensions;
    }

    /** Metrics for one request, with dimensions such as "Model" or "Route". */
    public static RequestMetrics with(Map<String, String> dims) {
        Map<String, String> clean = new LinkedHashMap<>();
        dims.forEach((k, v) -> clean.put(k, v == null || v.isBlank() ? "none" : v));
        return new RequestMetrics(DimensionSet.of(clean));
    }

    public RequestMetrics count(String name, double value) {
        return add(name, value, MetricUnit.COUNT);
    }

    public RequestMetrics millis(String name, double value) {
        return add(name, value, MetricUnit.MILLISECONDS);
    }

    public RequestMetrics add(String name, double value, MetricUnit unit) {
        values.merge(name, value, Double::sum);
        units.put(name, unit);
        return this;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean COLD = new java.util.concurrent.atomic.AtomicBoolean(true);

    /**
     * A {@code ColdStart} count (dimension {@code Function}) once per sandbox, on its first request:
     * how often Lambda starts a new JVM, the figure SnapStart is there to improve. Never throws.
     */
    public static void coldStart(com.amazonaws.services.lambda.runtime.Context context) {
        if (context == null || com.llmgateway.core.snapstart.Priming.isPriming(context) || !COLD.compareAndSet(true, false)) {
            return;
        }
        with(Map.of("Function", String.valueOf(context.getFunctionName()))).count("ColdStart", 1).flush();
    }

    /** Set while SnapStart priming runs: its dry-run requests publish no metrics. */
    private static volatile boolean muted;

    /** Runs {@code work} with every flush a no-op (SnapStart priming: a primed request is not a request). */
    public static void muted(Runnable work) {
        muted = true;
        try {
            work.run();
        } finally {
            muted = false;
        }
    }

    /** Writes the EMF document. Never throws: metrics must not fail a request. */
    public void flush() {
        if (values.isEmpty() || muted) {
            return;
        }
        Metrics metrics = MetricsFactory.getMetricsInstance();
        synchronized (RequestMetrics.class) {
            try {
                metrics.setRaiseOnEmptyMetrics(false);
                if (System.getenv(NAMESPACE_ENV) == null) {
                    // Powertools refuses to flush without a namespace; Terraform sets the variable.
                    metrics.setNamespace(DEFAULT_NAMESPACE);
                }
                metrics.addDimension(dimensions);
                values.forEach((n, v) -> metrics.addMetric(n, v, units.get(n)));
                metrics.flush();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RequestMetrics.class).warn("metrics flush failed: {}", e.getClass().getSimpleName());
            }
        }
    }
}
