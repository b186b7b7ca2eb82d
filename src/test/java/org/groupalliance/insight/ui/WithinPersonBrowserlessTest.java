package org.groupalliance.insight.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.data.provider.SortDirection;
import org.groupalliance.base.MemberId;
import org.groupalliance.insight.AssociationDbFixture;
import org.groupalliance.insight.InsightCsv;
import org.groupalliance.insight.InsightService;
import org.groupalliance.insight.MemberInsightService;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The within-person r of a member's session alliance with their next session's outcome (issue 10,
 * section 2), in the members table, its CSV and on the member page, driven without a browser on
 * MariaDB: groups 1 and 2 of association.R's data set, the expected r and 95 % CI from R's
 * expected-within.csv (group 2's member 6 has 5 pairs: "fewer than 6 pairs").
 */
@MariaDbTest
class WithinPersonBrowserlessTest extends SignedInBrowserlessTest {

    static final int WITHIN_COLUMN = 12;

    @Autowired ApplicationContext applicationContext;
    Account anna;
    AssociationDbFixture.Data data;

    @Override
    protected AppUserPrincipal signIn() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        data = AssociationDbFixture.build(applicationContext, anna, anna, site, 2);
        return anna.principal();
    }

    /** R's rows of expected-within.csv for one group: member number -> {n, r, lo, hi} (r NaN for NA). */
    static Map<Integer, double[]> expected(int group) throws IOException {
        Map<Integer, double[]> out = new HashMap<>();
        try (InputStream in = WithinPersonBrowserlessTest.class.getResourceAsStream("/insight/association/expected-within.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            for (String line : lines) {
                String[] f = line.split(",");
                if (Integer.parseInt(f[0]) == group) {
                    out.put(Integer.parseInt(f[1]), new double[] {Double.parseDouble(f[2]), na(f[3]), na(f[4]), na(f[5])});
                }
            }
        }
        return out;
    }

    static double na(String v) {
        return v.equals("NA") ? Double.NaN : Double.parseDouble(v);
    }

    /** The cell as R's numbers say it should read (two decimals, signed, true minus). */
    static String text(double[] e) {
        if (Double.isNaN(e[1])) {
            return "fewer than 6 pairs (n = " + (int) e[0] + ")";
        }
        return "r = " + s(e[1]) + " (95 % CI " + s(e[2]) + " to " + s(e[3]) + "), n = " + (int) e[0] + " pairs";
    }

    static String s(double v) {
        return String.format(Locale.ROOT, "%+.2f", v).replace('-', '−');
    }

    int memberNumber(int group, MemberId id) {
        for (int m = 1; m <= 6; m++) {
            if (data.group(group).member(m).id().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("not a member of group " + group + ": " + id);
    }

    String insightAddress(int group) {
        return "groups/" + data.group(group).group().id().value() + "/insight";
    }

    @Test
    void the_members_table_shows_each_members_within_person_r_with_n_and_interval_as_r_computes_it_and_sorts_by_it() throws IOException {
        for (int group = 1; group <= 2; group++) {
            Map<Integer, double[]> expected = expected(group);
            InsightView view = navigate(insightAddress(group), InsightView.class);
            var alliance = view.memberTables.stream().filter(t -> t.getId().orElseThrow().equals("members-MEMBER-GROUP-ALLIANCE")).findFirst()
                    .orElseThrow();
            var table = test(alliance);
            assertThat(table.getHeaderCell(WITHIN_COLUMN)).isEqualTo("Alliance → next outcome (within-person r, session trend removed)");
            assertThat(table.size()).isEqualTo(6);
            for (int row = 0; row < 6; row++) {
                int m = memberNumber(group, table.getRow(row).memberId());
                assertThat(table.getCellText(row, WITHIN_COLUMN)).as("group %s member %s", group, m).isEqualTo(text(expected.get(m)));
            }
            // the outcome instrument measured at sessions is no alliance measure: no such column
            view.memberTables.stream().filter(t -> t != alliance).forEach(t -> assertThat(t.getColumnByKey("within-r")).isNull());
            assertThat(table.isColumnSortable(WITHIN_COLUMN)).isTrue();
        }
        // group 2: ascending r, the member without an r last
        Map<Integer, double[]> expected = expected(2);
        InsightView view = navigate(insightAddress(2), InsightView.class);
        var table = test(view.memberTables.stream().filter(t -> t.getId().orElseThrow().equals("members-MEMBER-GROUP-ALLIANCE")).findFirst().orElseThrow());
        table.sortByColumn(WITHIN_COLUMN, SortDirection.ASCENDING);
        List<Integer> order = java.util.stream.IntStream.range(0, 6).mapToObj(table::getRow).map(r -> memberNumber(2, r.memberId())).toList();
        assertThat(order.getLast()).isEqualTo(6);
        List<Integer> byR = expected.entrySet().stream().filter(e -> !Double.isNaN(e.getValue()[1]))
                .sorted(Map.Entry.comparingByValue((a, b) -> Double.compare(a[1], b[1]))).map(Map.Entry::getKey).toList();
        assertThat(order.subList(0, 5)).isEqualTo(byR);
    }

    @Test
    void the_members_csv_carries_pairs_r_and_interval_and_leaves_r_empty_below_six_pairs() throws IOException {
        Map<Integer, double[]> expected = expected(2);
        var id = data.group(2).group().id();
        var ii = applicationContext.getBean(InsightService.class).forGroup(id).instruments().stream()
                .filter(i -> i.instrumentCode().equals("MEMBER-GROUP-ALLIANCE")).findFirst().orElseThrow();
        var within = applicationContext.getBean(MemberInsightService.class).withinPerson(id);
        assertThat(within).containsOnlyKeys("MEMBER-GROUP-ALLIANCE");
        String[] lines = InsightCsv.members(ii, within.get("MEMBER-GROUP-ALLIANCE")).split("\r\n");
        assertThat(lines[0]).endsWith(",within_pairs,within_partial_r_alliance_next_outcome_session_removed,within_partial_r_ci_low,within_partial_r_ci_high,within_partial_r_p");
        assertThat(lines).hasSize(7);
        for (int i = 0; i < 6; i++) {
            String[] f = lines[i + 1].split(",", -1);
            int m = memberNumber(2, ii.members().get(i).memberId());
            double[] e = expected.get(m);
            assertThat(Integer.parseInt(f[f.length - 5])).isEqualTo((int) e[0]);
            if (Double.isNaN(e[1])) {
                assertThat(f[f.length - 4]).isEmpty();
                assertThat(f[f.length - 3]).isEmpty();
            } else {
                assertThat(Double.parseDouble(f[f.length - 4])).isCloseTo(e[1], org.assertj.core.data.Offset.offset(1e-10));
                assertThat(Double.parseDouble(f[f.length - 3])).isCloseTo(e[2], org.assertj.core.data.Offset.offset(1e-10));
                assertThat(Double.parseDouble(f[f.length - 2])).isCloseTo(e[3], org.assertj.core.data.Offset.offset(1e-10));
            }
        }
    }

    @Test
    void the_member_page_shows_the_within_person_r_or_that_there_are_fewer_than_six_pairs() throws IOException {
        Map<Integer, double[]> expected = expected(2);
        for (int m : new int[] {1, 6}) {
            MemberInsightView view = navigate(insightAddress(2) + "/members/" + data.group(2).member(m).id().value(), MemberInsightView.class);
            assertThat($(Paragraph.class).id("member-within-MEMBER-GROUP-ALLIANCE").getText())
                    .isEqualTo("Own rating with the outcome at the next session (within-person r, session trend removed): " + text(expected.get(m)) + ".");
            assertThat($(Paragraph.class).withId("member-within").all()).isEmpty();
            assertThat(view.insight().instruments()).filteredOn(i -> !i.code().equals("MEMBER-GROUP-ALLIANCE"))
                    .allSatisfy(i -> assertThat(i.withinPerson()).isNull());
        }
        assertThat(text(expected.get(6))).isEqualTo("fewer than 6 pairs (n = 5)");
        // R: partial r with the session trend removed (was +0.53, −0.37 to +0.92 as the raw r)
        assertThat(text(expected.get(1))).startsWith("r = +0.19 (95 % CI −0.73 to +0.87)");
    }
}
