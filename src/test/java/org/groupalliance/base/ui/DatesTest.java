package org.groupalliance.base.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import com.vaadin.flow.component.datepicker.DatePicker;
import org.junit.jupiter.api.Test;

class DatesTest {

    @Test
    void dates_read_iso_everywhere() {
        assertThat(Dates.date(LocalDate.of(2026, 11, 29))).isEqualTo("2026-11-29");
        assertThat(Dates.date(null)).isEmpty();
    }

    @Test
    void a_stored_utc_time_is_shown_in_the_viewers_zone_with_the_zone_named() {
        LocalDateTime utc = LocalDateTime.of(2026, 11, 29, 14, 5);
        assertThat(Dates.dateTime(utc, ZoneOffset.UTC)).isEqualTo("2026-11-29 14:05 UTC");
        assertThat(Dates.dateTime(utc, ZoneId.of("Pacific/Auckland"))).isEqualTo("2026-11-30 03:05 Pacific/Auckland");
        assertThat(Dates.dateTime(utc, ZoneId.of("America/New_York"))).isEqualTo("2026-11-29 09:05 America/New_York");
        assertThat(Dates.dateTime(utc, ZoneId.of("Etc/UTC"))).isEqualTo("2026-11-29 14:05 UTC");
    }

    @Test
    void an_unknown_or_missing_browser_zone_falls_back_to_utc() {
        assertThat(Dates.zone("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(Dates.zone("Mars/Olympus")).isEqualTo(ZoneOffset.UTC);
        assertThat(Dates.zone(null)).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void a_date_picker_is_set_to_the_iso_format() {
        DatePicker picker = Dates.iso(new DatePicker());
        assertThat(picker.getI18n().getDateFormats()).containsExactly("yyyy-MM-dd");
        assertThat(picker.getI18n().getFirstDayOfWeek()).isEqualTo(1);
    }
}
