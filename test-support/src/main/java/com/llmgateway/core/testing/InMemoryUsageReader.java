package com.llmgateway.core.testing;

import com.llmgateway.core.usage.DayRollup;
import com.llmgateway.core.usage.MonthUsage;
import com.llmgateway.core.usage.UsageReader;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The in-memory fake of {@link UsageReader}, honouring its contract: a month nobody wrote is
 * empty, day ranges are inclusive and per team. Tests put the rollups a recorder would have written.
 */
public final class InMemoryUsageReader implements UsageReader {

    private final Map<String, MonthUsage> months = new ConcurrentHashMap<>();
    private final List<DayRollup> days = new CopyOnWriteArrayList<>();

    public InMemoryUsageReader month(MonthUsage m) {
        months.put(m.teamId() + "#" + m.month(), m);
        return this;
    }

    public InMemoryUsageReader day(DayRollup d) {
        days.add(d);
        return this;
    }

    @Override
    public MonthUsage month(String teamId, YearMonth month) {
        return months.getOrDefault(teamId + "#" + month, MonthUsage.empty(teamId, month));
    }

    @Override
    public List<DayRollup> teamDays(String teamId, LocalDate from, LocalDate to) {
        return days.stream().filter(d -> d.teamId().equals(teamId)).filter(d -> within(d, from, to)).toList();
    }

    @Override
    public List<DayRollup> allTeamsDays(LocalDate from, LocalDate to) {
        return new ArrayList<>(days.stream().filter(d -> within(d, from, to)).toList());
    }

    private static boolean within(DayRollup d, LocalDate from, LocalDate to) {
        return !d.day().isBefore(from) && !d.day().isAfter(to);
    }
}
