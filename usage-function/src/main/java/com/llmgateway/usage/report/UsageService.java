package com.llmgateway.usage.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.Counters;
import com.llmgateway.core.usage.DayRollup;
import com.llmgateway.core.store.StoreCalls;
import com.llmgateway.core.usage.Money;
import com.llmgateway.core.usage.MonthUsage;
import com.llmgateway.core.usage.UsageReader;
import com.llmgateway.usage.store.TeamDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The usage reports, built from rollups only. Money is written in {@link Money}'s one form
 * (exact decimal strings such as "0.0123"); token and request counts as integers.
 */
public final class UsageService {

    private static final Logger LOG = LoggerFactory.getLogger(UsageService.class);
    private static final Pattern TEAM_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final UsageReader reader;
    private final TeamDirectory teams;
    private final Clock clock;

    public UsageService(UsageReader reader, TeamDirectory teams, Clock clock) {
        this.reader = reader;
        this.teams = teams;
        this.clock = clock;
    }

    /** GET /v1/usage: one team's usage over a period; another team's needs finops or admin. */
    public ObjectNode teamReport(CallerContext caller, Map<String, String> q) {
        return teamJson(teamUsage(caller, q));
    }

    /**
     * What {@code GET /v1/usage} reports, before it is written out: the team, the period, its day
     * rollups and the month's standing against the budget.
     */
    public record TeamUsage(TeamInfo team, Period period, List<DayRollup> rollups, YearMonth month, MonthUsage monthUsage) {

        /** The same usage as a one-team chargeback report (for the FOCUS export). */
        public Chargeback asChargeback() {
            Map<String, Counters> byModel = DayRollup.byModel(rollups);
            Counters total = byModel.values().stream().reduce(Counters.ZERO, Counters::plus);
            return new Chargeback(period, List.of(new Chargeback.Row(team, total, byModel)), total, rollups);
        }
    }

    /** One team's usage over a period; another team's needs finops or admin. */
    public TeamUsage teamUsage(CallerContext caller, Map<String, String> q) {
        String teamId = q.getOrDefault("team_id", caller.teamId());
        if (!TEAM_ID.matcher(teamId).matches()) {
            throw GatewayException.badRequest("team_id must be 1 to 128 letters, digits, '.', '_' or '-'.", "team_id");
        }
        boolean own = teamId.equals(caller.teamId());
        if (!own && !caller.has(CallerContext.FINOPS)) {
            throw GatewayException.forbidden("This API key may read only its own team's usage; reading another team's "
                    + "needs the finops or admin scope.", "insufficient_scope");
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Period period = Period.parse(q, today, 30, false);
        YearMonth month = YearMonth.from(today);

        long t0 = System.nanoTime();
        CompletableFuture<List<DayRollup>> days = StoreCalls.fork(() -> reader.teamDays(teamId, period.start(), period.end()));
        CompletableFuture<MonthUsage> spend = StoreCalls.fork(() -> reader.month(teamId, month));
        Optional<TeamInfo> info = own
                ? Optional.of(new TeamInfo(teamId, caller.team().name(), caller.team().costCenter(), caller.team().monthlyBudgetUsd()))
                : teams.find(teamId);
        List<DayRollup> rollups = StoreCalls.join(days);
        if (info.isEmpty() && rollups.isEmpty()) {
            throw GatewayException.notFound("No team '" + Echo.cut(teamId) + "'.", "team_id", "team_not_found");
        }
        TeamInfo team = info.orElse(new TeamInfo(teamId, null, null, null));
        MonthUsage monthUsage = StoreCalls.join(spend);
        LOG.info("usage report team_id={} days={} items_read={} ms={}", teamId, period.days(), rollups.size(),
                (System.nanoTime() - t0) / 1_000_000);
        return new TeamUsage(team, period, rollups, month, monthUsage);
    }

    private static ObjectNode teamJson(TeamUsage u) {
        TeamInfo team = u.team();
        String teamId = team.teamId();
        Period period = u.period();
        List<DayRollup> rollups = u.rollups();
        YearMonth month = u.month();
        MonthUsage monthUsage = u.monthUsage();
        Counters total = Counters.ZERO;
        Map<String, Counters> byModel = new TreeMap<>();
        Map<LocalDate, Counters> byDay = new TreeMap<>();
        for (DayRollup r : rollups) {
            total = total.plus(r.counters());
            byModel.merge(r.model(), r.counters(), Counters::plus);
            byDay.merge(r.day(), r.counters(), Counters::plus);
        }
        ObjectNode out = Json.object();
        out.put("object", "usage_report");
        out.put("team_id", teamId);
        out.put("team_name", team.name());
        out.put("cost_center", team.costCenter());
        out.set("period", period(period));
        ObjectNode summary = out.putObject("summary");
        summary.put("total_requests", total.requests());
        summary.put("total_tokens", total.totalTokens());
        summary.put("input_tokens", total.inputTokens());
        summary.put("output_tokens", total.outputTokens());
        summary.put("cache_read_tokens", total.cacheReadTokens());
        summary.put("cache_write_tokens", total.cacheWriteTokens());
        summary.put("total_cost_usd", money(total.costUsd()));
        // the one rounded figure of the report: 10 decimal places, half-even
        summary.put("avg_daily_cost_usd", money(total.costUsd().divide(BigDecimal.valueOf(period.days()), 10, RoundingMode.HALF_EVEN)));
        summary.put("cache_hits", total.cacheHits());
        summary.put("cost_saved_usd", money(total.costSavedUsd()));
        summary.put("errors", total.errors());
        summary.put("throttles", total.throttles());
        ArrayNode models = out.putArray("by_model");
        byModel.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Counters> e) -> e.getValue().costUsd()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> models.add(Json.object().put("model", e.getKey()).setAll(counters(e.getValue()))));
        ArrayNode daysOut = out.putArray("by_day");
        for (LocalDate d = period.start(); !d.isAfter(period.end()); d = d.plusDays(1)) {
            Counters c = byDay.getOrDefault(d, Counters.ZERO);
            daysOut.add(Json.object().put("date", d.toString()).put("requests", c.requests())
                    .put("input_tokens", c.inputTokens()).put("output_tokens", c.outputTokens())
                    .put("tokens", c.totalTokens()).put("cost_usd", money(c.costUsd()))
                    .put("cost_saved_usd", money(c.costSavedUsd()))
                    .put("cache_hits", c.cacheHits()).put("errors", c.errors()).put("throttles", c.throttles()));
        }
        MonthUsage.Budget budget = monthUsage.budget(team.monthlyBudgetUsd());
        if (budget == null) {
            out.putNull("budget");
        } else {
            ObjectNode b = out.putObject("budget");
            b.put("month", month.toString());
            b.put("monthly_budget_usd", money(budget.monthlyBudgetUsd()));
            b.put("spent_usd", money(budget.spentUsd()));
            b.put("reserved_usd", money(budget.reservedUsd()));
            b.put("remaining_usd", money(budget.remainingUsd()));
        }
        return out;
    }

    /** GET /v1/usage/teams: every team's usage in a month (default: this month) or a from/to period. */
    public Chargeback chargeback(CallerContext caller, Map<String, String> q) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Period period = Period.parse(q, today, 0, true);
        long t0 = System.nanoTime();
        CompletableFuture<Map<String, TeamInfo>> directory = StoreCalls.fork(teams::all);
        List<DayRollup> rollups = reader.allTeamsDays(period.start(), period.end());
        Map<String, TeamInfo> known = StoreCalls.join(directory);
        LOG.info("chargeback report start={} end={} items_read={} ms={}", period.start(), period.end(), rollups.size(),
                (System.nanoTime() - t0) / 1_000_000);

        Map<String, Map<String, Counters>> perTeam = new TreeMap<>();
        known.keySet().forEach(id -> perTeam.put(id, new TreeMap<>()));
        for (DayRollup r : rollups) {
            perTeam.computeIfAbsent(r.teamId(), k -> new TreeMap<>()).merge(r.model(), r.counters(), Counters::plus);
        }
        List<Chargeback.Row> rows = new ArrayList<>();
        Counters all = Counters.ZERO;
        for (var e : perTeam.entrySet()) {
            Counters t = e.getValue().values().stream().reduce(Counters.ZERO, Counters::plus);
            all = all.plus(t);
            rows.add(new Chargeback.Row(known.getOrDefault(e.getKey(), new TeamInfo(e.getKey(), null, null, null)), t,
                    new LinkedHashMap<>(e.getValue())));
        }
        return new Chargeback(period, rows, all, rollups);
    }

    public static ObjectNode chargebackJson(Chargeback c) {
        ObjectNode out = Json.object();
        out.put("object", "chargeback_report");
        out.set("period", period(c.period()));
        ArrayNode teamsOut = out.putArray("teams");
        for (Chargeback.Row r : c.rows()) {
            ObjectNode t = Json.object();
            t.put("team_id", r.team().teamId());
            t.put("team_name", r.team().name());
            t.put("cost_center", r.team().costCenter());
            t.setAll(counters(r.totals()));
            ArrayNode models = t.putArray("by_model");
            r.byModel().forEach((m, cnt) -> models.add(Json.object().put("model", m).setAll(counters(cnt))));
            teamsOut.add(t);
        }
        out.set("totals", counters(c.totals()));
        return out;
    }

    static ObjectNode counters(Counters c) {
        ObjectNode o = Json.object();
        o.put("requests", c.requests());
        o.put("input_tokens", c.inputTokens());
        o.put("output_tokens", c.outputTokens());
        o.put("cache_read_tokens", c.cacheReadTokens());
        o.put("cache_write_tokens", c.cacheWriteTokens());
        o.put("total_tokens", c.totalTokens());
        o.put("cost_usd", money(c.costUsd()));
        o.put("cost_saved_usd", money(c.costSavedUsd()));
        o.put("cache_hits", c.cacheHits());
        o.put("errors", c.errors());
        o.put("throttles", c.throttles());
        return o;
    }

    private static ObjectNode period(Period p) {
        ObjectNode o = Json.object();
        o.put("days", p.days());
        o.put("start", p.start().toString());
        o.put("end", p.end().toString());
        if (p.month() != null) {
            o.put("month", p.month().toString());
        }
        return o;
    }

    private static String money(BigDecimal v) {
        return Money.format(v);
    }

}
