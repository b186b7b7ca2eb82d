package org.groupalliance.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AuditJsonTest {

    record Person(MemberId id, String code, @Auditable.Redacted String name, Integer left, LocalDate since, List<String> tags) {
    }

    @Test
    void records_become_ordered_json_with_ids_as_numbers_and_redacted_names() {
        String json = AuditJson.of(new Person(new MemberId(7), "RC-\"1\"", "Jane", null, LocalDate.of(2026, 1, 2), List.of("a", "b\nc")));
        assertThat(json).isEqualTo("{\"id\":7,\"code\":\"RC-\\\"1\\\"\",\"name\":\"[redacted]\",\"left\":null,\"since\":\"2026-01-02\",\"tags\":[\"a\",\"b\\nc\"]}");
    }

    @Test
    void an_unset_redacted_value_stays_null_and_maps_keep_their_order() {
        assertThat(AuditJson.of(new Person(new MemberId(1), "X", null, 3, null, List.of()))).contains("\"name\":null");
        assertThat(AuditJson.of(new java.util.TreeMap<>(Map.of("b", 2, "a", 1)))).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(AuditJson.of(null)).isNull();
    }

    record Account(String name, java.util.Optional<SiteId> siteId, java.util.Optional<SiteId> none) {
    }

    @Test
    void an_optional_is_written_as_its_value_or_null() {
        assertThat(AuditJson.of(new Account("a", java.util.Optional.of(new SiteId(1)), java.util.Optional.empty())))
                .isEqualTo("{\"name\":\"a\",\"siteId\":1,\"none\":null}");
    }
}
