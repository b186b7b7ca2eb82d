package org.groupalliance.base.ui;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.datepicker.DatePicker;

/**
 * One date format on every screen: ISO 8601 ({@code 2026-11-29}, times {@code 2026-11-29 14:05}),
 * in date pickers as in text, whatever the browser's language. Stored times are UTC; shown to a
 * person they are converted to that person's time zone and the zone is named.
 */
public final class Dates {

    /** The pattern every date is shown and typed in. */
    public static final String PATTERN = "yyyy-MM-dd";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern(PATTERN);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern(PATTERN + " HH:mm");

    private Dates() {
    }

    public static String date(LocalDate d) {
        return d == null ? "" : DATE.format(d);
    }

    /** A stored UTC time as a person in {@code zone} reads it, with the zone named: "2026-11-30 01:05 Pacific/Auckland". */
    public static String dateTime(LocalDateTime utc, ZoneId zone) {
        if (utc == null) {
            return "";
        }
        ZoneId z = zone == null ? ZoneOffset.UTC : zone;
        String local = DATE_TIME.format(utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(z));
        return local + " " + (z.normalized().equals(ZoneOffset.UTC) ? "UTC" : z.getId());
    }

    /** The zone a browser reports (an IANA id such as "Europe/Berlin"), or UTC when it reports none or an unknown one. */
    public static ZoneId zone(String browserZoneId) {
        if (browserZoneId == null || browserZoneId.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(browserZoneId);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** Makes a date picker show and parse {@link #PATTERN}, weeks starting on Monday. */
    public static DatePicker iso(DatePicker picker) {
        DatePicker.DatePickerI18n i18n = new DatePicker.DatePickerI18n();
        i18n.setDateFormat(PATTERN);
        i18n.setFirstDayOfWeek(1);
        picker.setI18n(i18n);
        picker.setPlaceholder(PATTERN.toUpperCase());
        return picker;
    }
}
