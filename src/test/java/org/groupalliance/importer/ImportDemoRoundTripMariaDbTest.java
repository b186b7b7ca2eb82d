package org.groupalliance.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SiteId;
import org.groupalliance.base.UserId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntry;
import org.groupalliance.export.ExportFilter;
import org.groupalliance.export.ExportService;
import org.groupalliance.export.Pseudonymiser;
import org.groupalliance.export.Pseudonymiser.Kind;
import org.groupalliance.export.ResearchIds;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Leader;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupMembership;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.rupture.RuptureEvaluations;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.security.SystemActor;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
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
 * The round trip on the demo clinic (issue 12, section 6; docs/decisions/0027-import-round-trip.md):
 * every demo group (both sites) is exported, an empty installation with the same groups is built
 * through the real services (a site per demo site; an account per demo leader and observer; each
 * group with the same data, members, plan, assigned observers, subgroups with their membership
 * history, sessions with dates and attendance, and no rating or outcome form), each copy's file is
 * imported by its leader, and the copies are exported again.
 *
 * <p>The import file of a group is the export's {@code long.csv} rows of that group, with
 * {@code member_code} and {@code rater_code} columns added (research ids are one-way, decision
 * 0008: in another installation a file names members and raters by code and username); a second
 * file per group is the export's {@code outcomes.csv} rows of that group (outcome forms with their
 * answers and a {@code timepoint}), with {@code member_code} added.
 *
 * <p>Compared byte for byte, with each research id of a copy replaced by the original's: {@code long},
 * {@code wide}, {@code group_session}, {@code target} and {@code outcomes}, the data files. Not compared: {@code ruptures}
 * (leaders' handling records of alerts, not ratings; the import does not make them) and the
 * codebook, syntax, Mplus, HLM and README files (derived from the data files, or dated).
 */
@SpringBootTest(properties = {DemoDatabase.SEED, DemoDatabase.URL + "ga_demo_import" + DemoDatabase.OPTIONS})
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class ImportDemoRoundTripMariaDbTest {

    static final List<String> DATA_FILES = List.of("long.csv", "wide.csv", "group_session.csv", "target.csv", "outcomes.csv");

    @Autowired ApplicationContext context;
    @Autowired JdbcTemplate jdbc;
    @Autowired UserDetailsService userDetails;
    @Autowired GroupService groups;
    @Autowired MemberService members;
    @Autowired SessionService sessions;
    @Autowired SubgroupService subgroups;
    @Autowired MeasurementPlanService plans;
    @Autowired ExportService exports;
    @Autowired ImportService imports;
    @Autowired ResearchIds researchIds;
    @Autowired RuptureEvaluations ruptureEvaluations;

    Actors actors;
    Account admin;
    Pseudonymiser ids;
    /** research id of the copy -> research id of the original */
    final Map<String, String> renaming = new LinkedHashMap<>();

    @Test
    void the_demo_exported_imported_into_an_empty_installation_with_the_same_groups_and_exported_again_gives_the_same_data_files() {
        actors = new Actors(context);
        admin = actors.newUser(Role.ADMIN, null);
        ids = SystemActor.call(() -> researchIds.pseudonymiser());
        List<GroupId> originals = jdbc.queryForList("SELECT id FROM therapy_group ORDER BY id", Long.class).stream().map(GroupId::new).toList();
        assertThat(originals).hasSize(8);
        Map<String, String> first = export(originals);
        List<String> longLines = lines(first.get("long.csv"));
        assertThat(lines(first.get("target.csv"))).filteredOn(l -> l.contains(",observer,")).isNotEmpty();

        // the empty installation: a site per demo site, an account per leader and observer (made in id order, so the first leader stays first)
        Map<SiteId, SiteId> siteCopies = new HashMap<>();
        Map<UserId, Account> userCopies = new LinkedHashMap<>();
        Map<String, UserId> userByResearchId = new HashMap<>();
        Map<UserId, Role> roles = new TreeMap<>(java.util.Comparator.comparingLong(UserId::value));
        Map<UserId, SiteId> siteOf = new HashMap<>();
        for (GroupId g : originals) {
            Group group = as(admin, () -> groups.get(g));
            group.leaders().forEach(l -> {
                roles.put(l.userId(), Role.FACILITATOR);
                siteOf.put(l.userId(), group.data().siteId());
            });
            as(admin, () -> groups.observers(g)).forEach(o -> {
                roles.put(o.userId(), Role.OBSERVER);
                siteOf.put(o.userId(), group.data().siteId());
            });
            siteCopies.computeIfAbsent(group.data().siteId(), s -> {
                SiteId copy = actors.newSite();
                renaming.put(ids.id(Kind.SITE, copy.value()), ids.id(Kind.SITE, s.value()));
                return copy;
            });
        }
        roles.forEach((user, role) -> {
            Account copy = actors.newUser(role, siteCopies.get(siteOf.get(user)));
            userCopies.put(user, copy);
            userByResearchId.put(ids.id(Kind.USER, user.value()), user);
            renaming.put(ids.id(Kind.USER, copy.created().id().value()), ids.id(Kind.USER, user.value()));
        });

        List<GroupId> copies = new ArrayList<>();
        int stored = 0;
        int outcomeRows = 0;
        int observerRows = 0;
        for (GroupId g : originals) {
            Copy copy = emptyCopy(g, siteCopies, userCopies);
            copies.add(copy.group());
            String groupId = ids.id(Kind.GROUP, g.value());
            // the file: this group's long rows, with member_code and rater_code, and its outcome forms as timepoint rows
            List<String> header = Arrays.asList(longLines.getFirst().split(",", -1));
            int groupCol = header.indexOf("group_id");
            int memberCol = header.indexOf("member_id");
            int raterCol = header.indexOf("rater");
            int raterIdCol = header.indexOf("rater_id");
            int instrumentCol = header.indexOf("instrument");
            int versionCol = header.indexOf("instrument_version");
            int firstItem = header.indexOf("item_1");
            int itemCount = (int) header.stream().filter(h -> h.startsWith("item_")).count();
            StringBuilder file = new StringBuilder(longLines.getFirst()).append(",member_code,rater_code,timepoint\r\n");
            Set<UserId> leaderRaters = new TreeSet<>(java.util.Comparator.comparingLong(UserId::value));
            for (String line : longLines.subList(1, longLines.size())) {
                String[] cells = line.split(",", -1);
                if (!cells[groupCol].equals(groupId)) {
                    continue;
                }
                String raterCode = "";
                if (!cells[raterCol].equals("member")) {
                    UserId rater = userByResearchId.get(cells[raterIdCol]);
                    raterCode = userCopies.get(rater).username();
                    if (cells[raterCol].equals("leader")) {
                        leaderRaters.add(rater);
                    } else {
                        observerRows++;
                    }
                }
                file.append(line).append(',').append(copy.codeByResearchId().get(cells[memberCol])).append(',').append(raterCode).append(",\r\n");
            }
            Account importer = userCopies.get(leaderRaters.isEmpty() ? as(admin, () -> groups.get(g)).leaders().getFirst().userId()
                    : leaderRaters.iterator().next());
            assertThat(leaderRaters).as("one rating leader per demo group: a co-leader would import their own").hasSizeLessThanOrEqualTo(1);
            ImportFile parsed = ImportFile.parse("demo.csv", file.toString().getBytes(StandardCharsets.UTF_8));
            ColumnMapping mapping = ColumnMapping.byName(parsed.header());
            ImportReport report = as(importer, () -> imports.check(copy.group(), parsed, mapping));
            assertThat(report.problems()).as("problems importing into the copy of group " + g.value()).isEmpty();
            ImportResult result = as(importer, () -> imports.importRows(copy.group(), parsed, mapping, false));
            assertThat(result.stored()).isEqualTo(parsed.rows().size());
            stored += result.stored();
            // the group's outcome forms: the export's outcomes.csv rows of this group, with member_code
            List<String> outcomeLines = lines(first.get("outcomes.csv"));
            List<String> outcomeHeader = Arrays.asList(outcomeLines.getFirst().split(",", -1));
            StringBuilder outcomeFile = new StringBuilder(outcomeLines.getFirst()).append(",member_code\r\n");
            for (String line : outcomeLines.subList(1, outcomeLines.size())) {
                String[] cells = line.split(",", -1);
                if (cells[outcomeHeader.indexOf("group_id")].equals(groupId)) {
                    outcomeFile.append(line).append(',').append(copy.codeByResearchId().get(cells[outcomeHeader.indexOf("member_id")])).append("\r\n");
                    outcomeRows++;
                }
            }
            ImportFile outcomeParsed = ImportFile.parse("outcomes.csv", outcomeFile.toString().getBytes(StandardCharsets.UTF_8));
            ColumnMapping outcomeMapping = ColumnMapping.byName(outcomeParsed.header());
            assertThat(as(importer, () -> imports.check(copy.group(), outcomeParsed, outcomeMapping)).problems())
                    .as("problems importing the outcome forms into the copy of group " + g.value()).isEmpty();
            ImportResult outcomeResult = as(importer, () -> imports.importRows(copy.group(), outcomeParsed, outcomeMapping, false));
            assertThat(outcomeResult.stored()).isEqualTo(outcomeParsed.rows().size());
            stored += outcomeResult.stored();
        }
        ruptureEvaluations.awaitIdle(java.time.Duration.ofSeconds(60));

        Map<String, String> second = export(copies);
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        for (String f : DATA_FILES) {
            String renamed = second.get(f);
            for (var e : renaming.entrySet()) {
                renamed = renamed.replace(e.getKey(), e.getValue());
            }
            expected.put(f, first.get(f));
            actual.put(f, renamed);
            if (!actual.get(f).equals(expected.get(f))) {
                // kept for a look at the difference (diff target/roundtrip-*)
                try {
                    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "roundtrip-original-" + f), first.get(f));
                    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "roundtrip-copy-" + f), renamed);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        for (String f : DATA_FILES) {
            assertThat(actual.get(f)).as(f).isEqualTo(expected.get(f));
        }
        // every row came back: the long file's rows and the demo's outcome forms, and its observer ratings
        int outcomeForms = jdbc.queryForObject("SELECT COUNT(*) FROM outcome_rating WHERE group_id IN (" + join(originals) + ")", Integer.class);
        assertThat(outcomeRows).isEqualTo(outcomeForms).isPositive();
        assertThat(stored).isEqualTo(longLines.size() - 1 + outcomeForms);
        assertThat(observerRows).isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rating WHERE group_id IN (" + join(copies) + ") AND rater_kind = 'OBSERVER' AND source = 'PAPER'",
                Integer.class)).isEqualTo(observerRows);
        System.out.printf("demo round trip: %d long rows, %d observer ratings, %d outcome forms, %d stored; files %s%n", longLines.size() - 1,
                observerRows, outcomeForms, stored, first.entrySet().stream().map(e -> e.getKey() + "=" + lines(e.getValue()).size())
                        .collect(Collectors.joining(", ")));
    }

    /** A copy of a demo group without ratings, the original's first leader (who reads it), and its members by the original's research id and by the copy's id. */
    record Copy(GroupId group, AppUserPrincipal reader, Map<String, String> codeByResearchId, Map<MemberId, String> codeById) {
    }

    Copy emptyCopy(GroupId g, Map<SiteId, SiteId> siteCopies, Map<UserId, Account> userCopies) {
        Group original = as(admin, () -> groups.get(g));
        Account leader = userCopies.get(original.leaders().getFirst().userId());
        AppUserPrincipal reader = (AppUserPrincipal) userDetails.loadUserByUsername(original.leaders().getFirst().username());
        GroupData d = original.data();
        Set<UserId> leaders = original.leaders().stream().map(l -> userCopies.get(l.userId()).created().id()).collect(Collectors.toSet());
        Group copy = as(leader, () -> groups.create(new GroupData(siteCopies.get(d.siteId()), d.name(), d.modality(), d.format(), d.plannedSessions(),
                d.startDate(), d.phases(), leaders)));
        renaming.put(ids.id(Kind.GROUP, copy.id().value()), ids.id(Kind.GROUP, g.value()));
        Map<MemberId, MemberId> memberCopies = new HashMap<>();
        Map<String, String> codeByResearchId = new HashMap<>();
        Map<MemberId, String> codeById = new HashMap<>();
        for (Member m : as(reader, () -> members.findByGroup(g)).stream().sorted(java.util.Comparator.comparingLong(m -> m.id().value())).toList()) {
            Member added = as(leader, () -> members.add(copy.id(), m.data()));
            memberCopies.put(m.id(), added.id());
            codeByResearchId.put(ids.id(Kind.MEMBER, m.id().value()), m.code());
            codeById.put(m.id(), m.code());
            renaming.put(ids.id(Kind.MEMBER, added.id().value()), ids.id(Kind.MEMBER, m.id().value()));
        }
        for (PlanEntry e : as(reader, () -> plans.plan(g))) {
            as(leader, () -> plans.save(copy.id(), e.data(), null));
        }
        for (Leader o : as(reader, () -> groups.observers(g))) {
            as(leader, () -> groups.assignObserver(copy.id(), userCopies.get(o.userId()).created().id()));
        }
        // subgroups with their history: created at their first session, changed at every session a membership starts or ends
        for (Subgroup s : as(reader, () -> subgroups.findByGroup(g)).stream().sorted(java.util.Comparator.comparingLong(s -> s.id().value())).toList()) {
            TreeSet<Integer> changes = new TreeSet<>();
            for (SubgroupMembership m : s.memberships()) {
                changes.add(m.validFrom());
                if (m.validTo() != null) {
                    changes.add(m.validTo() + 1);
                }
            }
            Subgroup made = null;
            for (int from : changes) {
                Set<MemberId> at = s.membersAt(from).stream().map(m -> memberCopies.get(m.memberId())).collect(Collectors.toSet());
                Subgroup before = made;
                made = before == null ? as(leader, () -> subgroups.create(copy.id(), s.name(), at, from))
                        : as(leader, () -> subgroups.update(before.id(), before.version(), s.name(), at, from));
            }
            renaming.put(ids.id(Kind.SUBGROUP, made.id().value()), ids.id(Kind.SUBGROUP, s.id().value()));
        }
        for (GroupSession s : as(reader, () -> sessions.findByGroup(g)).stream().sorted(java.util.Comparator.comparingInt(GroupSession::number)).toList()) {
            GroupSession made = as(leader, () -> sessions.create(copy.id(), s.data()));
            Map<MemberId, AttendanceStatus> sheet = new LinkedHashMap<>();
            for (AttendanceRow r : as(reader, () -> sessions.attendance(s.id()))) {
                if (r.status() != null) {
                    sheet.put(memberCopies.get(r.member().id()), r.status());
                }
            }
            if (!sheet.isEmpty()) {
                as(leader, () -> sessions.recordAttendance(made.id(), made.version(), sheet));
            }
        }
        return new Copy(copy.id(), reader, codeByResearchId, codeById);
    }

    Map<String, String> export(List<GroupId> which) {
        ExportFilter filter = new ExportFilter(Set.of(), which.stream().map(g -> ids.id(Kind.GROUP, g.value())).collect(Collectors.toSet()), null, null,
                Set.of());
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : DATA_FILES) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            as(admin, () -> {
                exports.writeFile(filter, f, out, "test");
                return null;
            });
            files.put(f, out.toString(StandardCharsets.UTF_8));
        }
        return files;
    }

    static List<String> lines(String file) {
        return Arrays.asList(file.split("\r\n"));
    }

    static String join(List<GroupId> groups) {
        return groups.stream().map(g -> String.valueOf(g.value())).collect(Collectors.joining(","));
    }
}
