package org.groupalliance.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Copies the packed text of V4/V5 into the row tables of V6, losslessly: each response of
 * {@code rating.responses} / {@code outcome_rating.responses} ("9.5,,8": empty = missing) becomes a
 * {@code rating_item} / {@code outcome_item} row, each entry of {@code subscale_scores}
 * ("Name=3.2;Other=": empty = not scorable) a {@code rating_score} / {@code outcome_score} row.
 *
 * <p>The old text form rewrote ';' to ',' and '=' to '-' in subscale names. The entries were
 * written in the order of the definition's subscales, so each takes the real name of the subscale
 * at its position in the stored definition of the instrument version used; only when the counts
 * differ (which the application never wrote) is the stored name kept.
 *
 * <p>Frozen: it parses the format as V4 wrote it and must never change (Flyway checksums only SQL
 * migrations; this one is kept as it ran). Plain JDBC, portable across MariaDB, MySQL and H2.
 *
 * <p>A Spring bean, which Spring Boot hands to Flyway explicitly, rather than a class Flyway finds by
 * scanning {@code db/migration}: scanning classes inside the packaged jar is not something to bet the
 * data on, and V8 drops the text columns right after this runs.
 */
@Component
public class V7__Split_packed_responses extends BaseJavaMigration {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        Map<String, List<String>> subscaleNames = subscaleNames(c);
        split(c, "rating", "rating_item", "rating_score", "rating_id", subscaleNames);
        split(c, "outcome_rating", "outcome_item", "outcome_score", "outcome_rating_id", subscaleNames);
    }

    private static void split(Connection c, String table, String itemTable, String scoreTable, String fk, Map<String, List<String>> subscaleNames)
            throws SQLException {
        try (Statement read = c.createStatement();
             ResultSet rs = read.executeQuery("SELECT id, instrument_code, instrument_version, responses, subscale_scores FROM " + table + " ORDER BY id");
             PreparedStatement item = c.prepareStatement("INSERT INTO " + itemTable + " (" + fk + ", item_number, answer, item_value) VALUES (?, ?, ?, ?)");
             PreparedStatement score = c.prepareStatement("INSERT INTO " + scoreTable + " (" + fk + ", scale_position, scale_name, score) VALUES (?, ?, ?, ?)")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String key = rs.getString(2) + " v" + rs.getInt(3);
                String[] responses = rs.getString(4).split(",", -1);
                for (int i = 0; i < responses.length; i++) {
                    item.setLong(1, id);
                    item.setInt(2, i + 1);
                    if (responses[i].isEmpty()) {
                        item.setString(3, "MISSING");
                        item.setNull(4, java.sql.Types.DOUBLE);
                    } else {
                        item.setString(3, "ANSWERED");
                        item.setDouble(4, Double.parseDouble(responses[i]));
                    }
                    item.addBatch();
                }
                String packed = rs.getString(5);
                if (packed != null) {
                    String[] parts = packed.split(";");
                    List<String> names = subscaleNames.getOrDefault(key, List.of());
                    for (int i = 0; i < parts.length; i++) {
                        int eq = parts[i].lastIndexOf('=');
                        String value = parts[i].substring(eq + 1);
                        score.setLong(1, id);
                        score.setInt(2, i + 1);
                        score.setString(3, names.size() == parts.length ? names.get(i) : parts[i].substring(0, eq));
                        if (value.isEmpty()) {
                            score.setNull(4, java.sql.Types.DOUBLE);
                        } else {
                            score.setDouble(4, Double.parseDouble(value));
                        }
                        score.addBatch();
                    }
                }
            }
            item.executeBatch();
            score.executeBatch();
        }
    }

    /** Subscale names in definition order per "CODE vN", from the stored definitions (format groupalliance-instrument/1). */
    private static Map<String, List<String>> subscaleNames(Connection c) throws SQLException {
        Map<String, List<String>> result = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT code, definition_version, definition_json FROM instrument")) {
            while (rs.next()) {
                JsonNode doc = JSON.readTree(rs.getString(3));
                JsonNode def = doc.has("instrument") ? doc.get("instrument") : doc;
                List<String> names = new ArrayList<>();
                JsonNode subscales = def.get("subscales");
                if (subscales != null) {
                    for (JsonNode sub : subscales) {
                        names.add(sub.get("name").asString());
                    }
                }
                result.put(rs.getString(1) + " v" + rs.getInt(2), names);
            }
        }
        return result;
    }
}
