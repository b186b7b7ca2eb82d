package org.groupalliance.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SiteId;
import org.groupalliance.capture.LeaderForm;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.capture.Schedule;
import org.groupalliance.export.ExportFilter;
import org.groupalliance.export.ExportService;
import org.groupalliance.export.Pseudonymiser;
import org.groupalliance.export.Pseudonymiser.Kind;
import org.groupalliance.export.ResearchIds;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.EndStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberData;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.Modality;
import org.groupalliance.roster.PhaseBoundaries;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.Role;
import org.groupalliance.security.SystemActor;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The round trip on MariaDB: a group with ratings made through the real services is exported
 * (long and target files), the long file and the target file's ratings of the subgroup and the
 * whole group (which only it holds) are imported into an empty copy of the group (same member codes,
 * sessions, dates, attendance, subgroup and plan; another site and leader, so the codes may repeat),
 * and the copy is exported again. Every data file of the second export (long, wide, group-session,
 * target) equals the first byte for byte once each research id of the copy is replaced by the
 * original's: research ids are keyed hashes of internal ids, so a copy with other internal ids
 * must have other ids (decision 0008); everything else (items, missing and not-applicable codes,
 * scores, centred means, days, phases, attendance, row order) must be the same.
 */
@MariaDbTest
class ImportRoundTripMariaDbTest {

    static final double NA = Double.NaN;

    @Autowired ApplicationContext context;
    @Autowired GroupService groups;
    @Autowired MemberService members;
    @Autowired SessionService sessions;
    @Autowired SubgroupService subgroups;
    @Autowired MeasurementPlanService plans;
    @Autowired RatingService ratings;
    @Autowired ExportService exports;
    @Autowired ImportService imports;
    @Autowired JdbcTemplate jdbc;

    record Installation(Account leader, SiteId site, Group group, List<Member> members, List<GroupSession> sessions, Subgroup pair) {
    }

    static final List<String> CODES = List.of("RT-1", "RT-2", "RT-3", "RT-4");

    /** The group without ratings: members, three sessions with attendance, a subgroup of two from session 2, the plan. */
    Installation emptyGroup(Actors actors, String name) {
        SiteId site = actors.newSite();
        Account leader = actors.newUser(Role.FACILITATOR, site);
        Group group = as(leader, () -> groups.create(new GroupData(site, name, Modality.CBT, GroupFormat.CLOSED, 12, LocalDate.of(2026, 1, 6),
                PhaseBoundaries.thirds(12), Set.of(leader.created().id()))));
        List<Member> ms = new ArrayList<>();
        for (String code : CODES) {
            ms.add(as(leader, () -> members.add(group.id(), new MemberData(code, null, 1, null, EndStatus.ONGOING, null))));
        }
        List<GroupSession> ss = new ArrayList<>();
        AttendanceStatus[][] att = {
                {AttendanceStatus.PRESENT, AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.PRESENT},
                {AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.PRESENT, AttendanceStatus.PRESENT},
                {AttendanceStatus.PRESENT, AttendanceStatus.PRESENT, AttendanceStatus.PRESENT, AttendanceStatus.LEFT_EARLY}};
        for (int n = 1; n <= 3; n++) {
            int number = n;
            GroupSession s = as(leader, () -> sessions.create(group.id(), new SessionData(number, LocalDate.of(2026, 1, 6).plusWeeks(number - 1), null)));
            Map<MemberId, AttendanceStatus> sheet = new LinkedHashMap<>();
            for (int i = 0; i < ms.size(); i++) {
                sheet.put(ms.get(i).id(), att[n - 1][i]);
            }
            GroupSession taken = as(leader, () -> sessions.recordAttendance(s.id(), s.version(), sheet));
            ss.add(taken);
        }
        Subgroup pair = as(leader, () -> subgroups.create(group.id(), "Pair", Set.of(ms.get(0).id(), ms.get(2).id()), 2));
        as(leader, () -> plans.save(group.id(), new PlanEntryData("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false,
                List.of()), null));
        as(leader, () -> plans.save(group.id(), new PlanEntryData("GROUP-ALLIANCE-3L", Set.of(Rater.MEMBER, Rater.LEADER), Schedule.everySession(), false, false,
                List.of()), null));
        return new Installation(leader, site, group, ms, ss, pair);
    }

    void rate(Installation a) {
        double[][] srs = {{9.5, 9.2, 9.8, 9.6}, {8, 7.5, NA, 8.4}, {6.1, 5, 7, 4.4}, {10, 10, 10, 10}};
        for (int n = 0; n < 3; n++) {
            GroupSession s = a.sessions().get(n);
            List<MemberForm> forms = new ArrayList<>();
            List<MemberForm> threeLevel = new ArrayList<>();
            List<LeaderForm> leaders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                if (n == 1 && i == 1) {
                    continue; // absent
                }
                double[] r = srs[i].clone();
                r[0] = Math.max(0, r[0] - n);
                forms.add(new MemberForm(a.members().get(i).id(), r, null));
                boolean inSubgroup = n >= 1 && (i == 0 || i == 2);
                double sub = inSubgroup ? 3 + i : NA;
                threeLevel.add(new MemberForm(a.members().get(i).id(), new double[] {5 + (i + n) % 3, 6, i == 3 ? NA : 4, sub, sub, sub, 7, 6 - n, 5},
                        null));
                // the leader's own rating of the member on the same form (subgroup items only where the member is in one)
                leaders.add(new LeaderForm(RatingTarget.member(a.members().get(i).id()), new double[] {4 + (i + 2 * n) % 4, 5, i == 0 ? NA : 6, sub, sub, sub,
                        7 - n, 5, 4 + i}, null));
            }
            as(a.leader(), () -> ratings.recordMemberForms(s.id(), "SESSION-ALLIANCE-4", forms));
            as(a.leader(), () -> ratings.recordMemberForms(s.id(), "GROUP-ALLIANCE-3L", threeLevel));
            // and the leader's ratings of the subgroup (from session 2, when it has members) and of the whole group
            if (n >= 1) {
                leaders.add(new LeaderForm(RatingTarget.subgroup(a.pair().id()), new double[] {5, 4, 6, 6 - n, 5, 4, 6, 5, NA}, null));
            }
            leaders.add(new LeaderForm(RatingTarget.wholeGroup(), new double[] {4, 5, 5, 4, 5, 6, 6 + n % 2, 6, 5}, null));
            as(a.leader(), () -> ratings.recordLeaderRatings(s.id(), "GROUP-ALLIANCE-3L", leaders));
        }
    }

    Map<String, String> export(Installation i, Pseudonymiser ids) {
        ExportFilter filter = new ExportFilter(Set.of(), Set.of(ids.id(Kind.GROUP, i.group().id().value())), null, null, Set.of());
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : List.of("long.csv", "wide.csv", "group_session.csv", "target.csv")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            as(i.leader(), () -> {
                exports.writeFile(filter, f, out, "test");
                return null;
            });
            files.put(f, out.toString(StandardCharsets.UTF_8));
        }
        return files;
    }

    /** Each research id of the copy, paired with the original's. */
    static Map<String, String> renaming(Installation copy, Installation original, Pseudonymiser ids) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ids.id(Kind.GROUP, copy.group().id().value()), ids.id(Kind.GROUP, original.group().id().value()));
        m.put(ids.id(Kind.SITE, copy.site().value()), ids.id(Kind.SITE, original.site().value()));
        m.put(ids.id(Kind.USER, copy.leader().created().id().value()), ids.id(Kind.USER, original.leader().created().id().value()));
        m.put(ids.id(Kind.SUBGROUP, copy.pair().id().value()), ids.id(Kind.SUBGROUP, original.pair().id().value()));
        for (int i = 0; i < copy.members().size(); i++) {
            m.put(ids.id(Kind.MEMBER, copy.members().get(i).id().value()), ids.id(Kind.MEMBER, original.members().get(i).id().value()));
        }
        return m;
    }

    @Test
    void export_import_into_an_empty_copy_and_export_again_gives_the_same_data_files() {
        Actors actors = new Actors(context);
        Pseudonymiser ids = SystemActor.call(() -> context.getBean(ResearchIds.class).pseudonymiser());
        Installation original = emptyGroup(actors, Actors.unique("Round trip "));
        rate(original);
        Map<String, String> first = export(original, ids);
        List<String> longLines = Arrays.asList(first.get("long.csv").split("\r\n"));
        // 11 members' forms of each of two instruments, and the leader's 11 ratings of members on the three-level form
        assertThat(longLines).hasSize(1 + 11 * 2 + 11);
        assertThat(longLines).filteredOn(l -> l.contains(",leader,")).hasSize(11);
        List<String> targetLines = Arrays.asList(first.get("target.csv").split("\r\n"));
        // the leader's 11 ratings of members, 2 of the subgroup and 3 of the whole group
        assertThat(targetLines).hasSize(1 + 11 + 2 + 3);

        // the file a user would bring: the export's long file plus member_code and rater_code columns (research ids are one-way);
        // rater_code names the leader's account in the installation imported into
        Installation copy = emptyGroup(actors, Actors.unique("Round trip copy "));
        Map<String, String> codeOf = new LinkedHashMap<>();
        for (Member m : original.members()) {
            codeOf.put(ids.id(Kind.MEMBER, m.id().value()), m.code());
        }
        List<String> header = Arrays.asList(longLines.getFirst().split(","));
        int raterCol = header.indexOf("rater");
        StringBuilder file = new StringBuilder(longLines.getFirst()).append(",member_code,rater_code\r\n");
        for (String line : longLines.subList(1, longLines.size())) {
            String rater = line.split(",", -1)[raterCol];
            file.append(line).append(',').append(codeOf.get(line.substring(0, line.indexOf(',')))).append(',')
                    .append(rater.equals("leader") ? copy.leader().username() : "").append("\r\n");
        }

        ImportFile parsed = ImportFile.parse("long.csv", file.toString().getBytes(StandardCharsets.UTF_8));
        ImportReport report = as(copy.leader(), () -> imports.check(copy.group().id(), parsed, ColumnMapping.byName(parsed.header())));
        // member_id is mapped too, but member_code wins where present: the original's research ids are not the copy's members
        assertThat(report.problems()).isEmpty();
        ImportResult result = as(copy.leader(), () -> imports.importRows(copy.group().id(), parsed, ColumnMapping.byName(parsed.header()), false));
        assertThat(result.stored()).isEqualTo(33);

        // the ratings of the subgroup and the whole group are only in the target file: its rows of those levels, plus target_code (the
        // subgroup's name; target_id is one-way) and rater_code (decision 0027)
        List<String> targetHeader = Arrays.asList(targetLines.getFirst().split(","));
        int levelCol = targetHeader.indexOf("target_level");
        int targetIdCol = targetHeader.indexOf("target_id");
        StringBuilder targets = new StringBuilder(targetLines.getFirst()).append(",target_code,rater_code\r\n");
        for (String line : targetLines.subList(1, targetLines.size())) {
            String[] cells = line.split(",", -1);
            if (!cells[levelCol].equals("member")) {
                boolean subgroup = cells[levelCol].equals("subgroup");
                assertThat(cells[targetIdCol]).isEqualTo(subgroup ? ids.id(Kind.SUBGROUP, original.pair().id().value()) : "");
                targets.append(line).append(',').append(subgroup ? original.pair().name() : "").append(',').append(copy.leader().username()).append("\r\n");
            }
        }
        ImportFile targetFile = ImportFile.parse("target.csv", targets.toString().getBytes(StandardCharsets.UTF_8));
        ImportReport targetReport = as(copy.leader(), () -> imports.check(copy.group().id(), targetFile, ColumnMapping.byName(targetFile.header())));
        assertThat(targetReport.problems()).isEmpty();
        assertThat(as(copy.leader(), () -> imports.importRows(copy.group().id(), targetFile, ColumnMapping.byName(targetFile.header()), false)).stored())
                .isEqualTo(5);

        Map<String, String> second = export(copy, ids);
        Map<String, String> rename = renaming(copy, original, ids);
        for (String f : first.keySet()) {
            String renamed = second.get(f);
            for (var e : rename.entrySet()) {
                renamed = renamed.replace(e.getKey(), e.getValue());
            }
            assertThat(renamed).as(f).isEqualTo(first.get(f));
        }
        // the data were really there: not-applicable subgroup items and a missing answer survive
        assertThat(first.get("long.csv")).contains(",-8,").contains(",,");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rating WHERE group_id = ?", Integer.class, copy.group().id().value())).isEqualTo(38);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rating WHERE group_id = ? AND rater_kind = 'LEADER' AND rater_user_id = ?", Integer.class,
                copy.group().id().value(), copy.leader().created().id().value())).isEqualTo(16);
    }
}
