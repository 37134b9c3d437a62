package com.llmgateway.local.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The prices file the cost report reads: every price it needs, each with a positive figure, a source and a date. */
class AwsPricesTest {
    @Test
    void every_price_the_cost_report_uses_is_there_with_its_source_and_date() {
        Map<String, CostReport.Price> prices = CostReport.prices();
        assertTrue(prices.keySet().containsAll(Set.of("dynamodb_on_demand_write_request_unit",
                "dynamodb_on_demand_read_request_unit", "lambda_duration_arm64", "lambda_duration_x86_64",
                "lambda_requests", "api_gateway_http_api_requests", "cloudwatch_logs_ingestion")), prices.keySet().toString());
        prices.forEach((name, p) -> {
            assertTrue(p.usd().signum() > 0, name);
            assertTrue(p.per().signum() > 0, name);
            assertTrue(p.source().startsWith("https://"), name);
            assertTrue(Set.of("aws", "third-party").contains(p.kind()), name);
            assertNotNull(LocalDate.parse(p.taken()), name);
        });
        // money stays exact: a million write units at $0.625 per million is $0.625
        assertEquals(0, new BigDecimal("0.625").compareTo(prices.get("dynamodb_on_demand_write_request_unit")
                .of(BigDecimal.valueOf(1_000_000))));
    }

    @Test
    void the_terraform_lambda_shape_has_a_price_and_a_memory_size_per_function() {
        CostReport.LambdaShape shape = CostReport.LambdaShape.fromTerraform(Path.of("..", "terraform", "variables.tf"));
        assertNotNull(CostReport.prices().get("lambda_duration_" + shape.architecture()), shape.architecture());
        assertEquals(Set.of("gateway", "auth", "usage"), shape.memoryMb().keySet());
        shape.memoryMb().values().forEach(mb -> assertTrue(mb >= 128 && mb <= 10240, mb.toString()));
    }
}
