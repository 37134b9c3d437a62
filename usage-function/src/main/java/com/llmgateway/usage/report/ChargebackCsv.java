package com.llmgateway.usage.report;

import com.llmgateway.core.usage.Counters;
import com.llmgateway.core.usage.Money;

import java.util.List;
import java.util.Map;

/**
 * The chargeback report as CSV (RFC 4180, CRLF line ends) for a spreadsheet: one row per team and
 * model (a team without usage gets one row with an empty model), money in {@link Money}'s form, as in the JSON report. The
 * columns sum to the JSON report's totals.
 */
public final class ChargebackCsv {

    public static final List<String> HEADER = List.of("period_start", "period_end", "team_id", "team_name",
            "cost_center", "model", "requests", "input_tokens", "output_tokens", "cache_read_tokens",
            "cache_write_tokens", "total_tokens", "cost_usd", "cost_saved_usd", "cache_hits", "errors",
            "throttles");

    private ChargebackCsv() {
    }

    public static String render(Chargeback c) {
        StringBuilder out = new StringBuilder();
        line(out, HEADER);
        for (Chargeback.Row r : c.rows()) {
            Map<String, Counters> models = r.byModel().isEmpty() ? Map.of("", Counters.ZERO) : r.byModel();
            models.forEach((model, n) -> line(out, List.of(c.period().start().toString(), c.period().end().toString(),
                    r.team().teamId(), nz(r.team().name()), nz(r.team().costCenter()), model,
                    Long.toString(n.requests()), Long.toString(n.inputTokens()), Long.toString(n.outputTokens()),
                    Long.toString(n.cacheReadTokens()), Long.toString(n.cacheWriteTokens()), Long.toString(n.totalTokens()),
                    Money.format(n.costUsd()), Money.format(n.costSavedUsd()),
                    Long.toString(n.cacheHits()), Long.toString(n.errors()), Long.toString(n.throttles()))));
        }
        return out.toString();
    }

    static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /** Quotes when needed; a text cell that a spreadsheet would run as a formula gets a leading apostrophe. */
    static String cell(String v) {
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static String nz(String v) {
        return v == null ? "" : v;
    }
}
