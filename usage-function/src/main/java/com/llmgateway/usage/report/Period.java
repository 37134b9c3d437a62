package com.llmgateway.usage.report;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.WholeNumbers;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The days a report covers (UTC dates, both ends inclusive), from the query string:
 * {@code days=N} (the last N days up to today), {@code from}/{@code to}, or {@code month=yyyy-MM}.
 * Bad values are 400s naming the parameter.
 *
 * @param month the month asked for with {@code month=}, else null
 */
public record Period(LocalDate start, LocalDate end, YearMonth month) {

    public static final int MAX_DAYS = 366;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    public long days() {
        return ChronoUnit.DAYS.between(start, end) + 1;
    }

    /**
     * @param defaultDays used when no parameter names the period (0: the current month instead)
     * @param allowMonth  whether {@code month=} is accepted
     */
    public static Period parse(Map<String, String> q, LocalDate today, int defaultDays, boolean allowMonth) {
        String days = q.get("days");
        String from = q.get("from");
        String to = q.get("to");
        String month = q.get("month");
        if (month != null && !allowMonth) {
            throw GatewayException.badRequest("month is not a parameter of this route; use days or from/to.", "month");
        }
        if (month != null && (days != null || from != null || to != null)) {
            throw GatewayException.badRequest("Use either month or days or from/to, not several.", "month");
        }
        if (days != null && (from != null || to != null)) {
            throw GatewayException.badRequest("Use either days or from/to, not both.", "days");
        }
        if (month != null) {
            YearMonth m = month(month);
            return new Period(m.atDay(1), m.atEndOfMonth(), m);
        }
        if (from != null || to != null) {
            if (from == null) {
                throw GatewayException.badRequest("from (YYYY-MM-DD) is required when to is given.", "from");
            }
            LocalDate start = date(from, "from");
            LocalDate end = to == null ? today : date(to, "to");
            if (start.isAfter(end)) {
                throw GatewayException.badRequest("from (" + start + ") must not be after to (" + end + ").", "from");
            }
            if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
                throw GatewayException.badRequest("The period from " + start + " to " + end + " is longer than "
                        + MAX_DAYS + " days.", "to");
            }
            return new Period(start, end, null);
        }
        if (days == null && defaultDays == 0) {
            YearMonth m = YearMonth.from(today);
            return new Period(m.atDay(1), m.atEndOfMonth(), m);
        }
        int n = days == null ? defaultDays : days(days);
        return new Period(today.minusDays(n - 1L), today, null);
    }

    private static int days(String v) {
        return (int) WholeNumbers.within(v, 1, MAX_DAYS).orElseThrow(() ->
                GatewayException.badRequest("days must be a whole number from 1 to " + MAX_DAYS + ".", "days"));
    }

    private static LocalDate date(String v, String param) {
        if (!DATE.matcher(v.trim()).matches()) {
            throw GatewayException.badRequest(param + " must be a date as YYYY-MM-DD.", param);
        }
        try {
            return LocalDate.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw GatewayException.badRequest(param + " is not a calendar date: " + v.trim() + ".", param);
        }
    }

    private static YearMonth month(String v) {
        if (!MONTH.matcher(v.trim()).matches()) {
            throw GatewayException.badRequest("month must be a month as YYYY-MM.", "month");
        }
        try {
            return YearMonth.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw GatewayException.badRequest("month is not a calendar month: " + v.trim() + ".", "month");
        }
    }
}
