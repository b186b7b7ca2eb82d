package org.groupalliance.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.support.Actors;
import org.groupalliance.support.CleanDatabase;
import org.groupalliance.support.DemoDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;

/**
 * The research export on H2 in MySQL mode, the embedded default a first start runs on: the demo
 * clinic's zip is written and its long file carries every member rating and every stored answer
 * (the export's reading query packs items per rating with {@code GROUP_CONCAT}, which must work on
 * both engines). An in-memory database of its own, so no other context's clean start touches it.
 */
@SpringBootTest(properties = {DemoDatabase.SEED,
        "spring.datasource.url=jdbc:h2:mem:ga_export_h2;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1"})
@ActiveProfiles({"test", "h2mem"})
@Import(CleanDatabase.class)
class ExportH2Test {

    @Autowired ApplicationContext context;
    @Autowired ExportService exports;
    @Autowired JdbcTemplate jdbc;
    @Autowired UserDetailsService users;

    @Test
    void the_demo_clinic_exports_on_h2_with_every_rating_and_every_answer() throws Exception {
        Actors.useSecurityOf(context);
        AppUserPrincipal rita = (AppUserPrincipal) users.loadUserByUsername("rita.research");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        as(rita, () -> {
            exports.writeZip(ExportFilter.ALL, zip, "test");
            return null;
        });
        Map<String, byte[]> files = ExportMariaDbTest.unzip(zip.toByteArray());
        List<String> longLines = ExportMariaDbTest.lines(files.get("long.csv"));
        // rita.research sees her site, Riverside
        String riverside = " AND r.group_id IN " + DemoDatabase.RIVERSIDE_GROUPS;
        int memberRatings = jdbc.queryForObject("SELECT COUNT(*) FROM rating r WHERE r.target_kind = 'MEMBER'" + riverside, Integer.class);
        int members = jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE group_id IN " + DemoDatabase.RIVERSIDE_GROUPS, Integer.class);
        assertThat(memberRatings).isGreaterThan(100);
        assertThat(longLines).hasSize(memberRatings + 1);
        assertThat(ExportMariaDbTest.lines(files.get("wide.csv"))).hasSize(members + 1);

        List<String> header = Arrays.asList(longLines.getFirst().split(","));
        int firstItem = header.indexOf("item_1");
        List<Integer> subscaleColumns = java.util.stream.IntStream.range(0, header.size()).filter(i -> header.get(i).startsWith("sub_")
                && !header.get(i).matches(".*_(pm|gm|within|between|gmc)$")).boxed().toList();
        assertThat(subscaleColumns).isNotEmpty();
        int answered = 0;
        double sum = 0;
        int scored = 0;
        double scoreSum = 0;
        for (String row : longLines.subList(1, longLines.size())) {
            String[] cells = row.split(",", -1);
            assertThat(cells).hasSize(header.size());
            for (int i : subscaleColumns) {
                if (!cells[i].isEmpty()) {
                    scored++;
                    scoreSum += Double.parseDouble(cells[i]);
                }
            }
            for (int j = 0; header.get(firstItem + j).startsWith("item_"); j++) {
                String cell = cells[firstItem + j];
                if (!cell.isEmpty() && !cell.equals("-8")) {
                    answered++;
                    sum += Double.parseDouble(cell);
                }
            }
        }
        String sql = "SELECT %s FROM rating_item i JOIN rating r ON r.id = i.rating_id WHERE r.target_kind = 'MEMBER' AND i.answer = 'ANSWERED'" + riverside;
        assertThat(answered).isEqualTo(jdbc.queryForObject(sql.formatted("COUNT(*)"), Integer.class));
        assertThat(sum).isCloseTo(jdbc.queryForObject(sql.formatted("SUM(i.item_value)"), Double.class), org.assertj.core.data.Offset.offset(1e-6));
        // subscale scores: every stored score, and none where the score is NULL (not scorable)
        String scores = "SELECT %s FROM rating_score s JOIN rating r ON r.id = s.rating_id WHERE r.target_kind = 'MEMBER' AND s.score IS NOT NULL" + riverside;
        assertThat(scored).isEqualTo(jdbc.queryForObject(scores.formatted("COUNT(*)"), Integer.class)).isPositive();
        assertThat(scoreSum).isCloseTo(jdbc.queryForObject(scores.formatted("SUM(s.score)"), Double.class), org.assertj.core.data.Offset.offset(1e-6));
    }
}
