package org.groupalliance.importer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.UserId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.capture.ApplicableItems;
import org.groupalliance.capture.LeaderForm;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.export.Pseudonymiser;
import org.groupalliance.export.ResearchIds;
import org.groupalliance.measure.Instrument;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports members' own ratings, and the importing leader's own ratings of members ({@code rater} =
 * leader, named by {@code rater_code} or, in the same installation, {@code rater_id}), from a long
 * CSV file into an existing group (docs/decisions/0021-import.md). Observers' ratings, ratings of
 * subgroups or the whole group and outcome forms are not imported: the decision says why. {@link #check} lists every problem by line and column without
 * storing anything; {@link #importRows} checks again and, in one transaction, stores either every
 * row (only when there is no problem) or, when the user chose so, only the valid rows. Ratings are
 * stored through {@link RatingService#recordMemberForms} and {@link RatingService#recordLeaderRatings}
 * (which records the signed-in leader as the rater) one session, instrument and kind of rater at a time, so
 * scoring by the instrument version, the per-rating audit (before/after) and the after-commit
 * {@code RatingsStored} event (rupture alerts) are those of every other entry path; the import
 * itself is audited once more as one {@link AuditAction#IMPORT} entry with its row count.
 *
 * <p>Only the group's own leaders import (admins do not: an import is clinical data entry, and
 * admins have no clinical access to members); anyone else gets the same "not found" as for a group
 * that does not exist. An import never replaces a stored rating: a row for a rating already stored
 * is a problem.
 */
@Service
@PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
public class ImportService {

    /** The export's code for "the instrument has no such item / the item does not apply"; read as empty. */
    static final String NOT_APPLICABLE = "-8";

    private final GroupService groups;
    private final MemberService members;
    private final SessionService sessions;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final RatingService ratings;
    private final ApplicableItems applicable;
    private final ResearchIds researchIds;
    private final AuditLog audit;
    private final CurrentUser currentUser;

    ImportService(GroupService groups, MemberService members, SessionService sessions, MeasurementPlanService plans, InstrumentService instruments,
                  RatingService ratings, ApplicableItems applicable, ResearchIds researchIds, AuditLog audit, CurrentUser currentUser) {
        this.groups = groups;
        this.members = members;
        this.sessions = sessions;
        this.plans = plans;
        this.instruments = instruments;
        this.ratings = ratings;
        this.applicable = applicable;
        this.researchIds = researchIds;
        this.audit = audit;
        this.currentUser = currentUser;
    }

    /** A row that passed every check, ready to be stored. */
    private record ValidRow(int line, SessionId session, int sessionNumber, String instrument, MemberId member, Rater rater, double[] responses) {
    }

    private record Checked(ImportReport report, List<ValidRow> valid) {
    }

    /** Groups the current user leads (the targets an import may have). */
    @Transactional(readOnly = true)
    public List<org.groupalliance.roster.GroupSummary> targets() {
        return groups.findMyGroups(); // a facilitator's list holds only the groups they lead (filtered in SQL)
    }

    /** The group, when the current user leads it; otherwise "not found". */
    @Transactional(readOnly = true)
    public Group target(GroupId groupId) {
        Group group = groups.get(groupId);
        UserId me = currentUser.requireUserId();
        if (group.leaders().stream().noneMatch(l -> l.userId().equals(me))) {
            throw new NotFoundException("Group " + groupId);
        }
        return group;
    }

    /** The most items of any instrument in the group's plan (how many item fields the mapping dialog offers). */
    @Transactional(readOnly = true)
    public int maxPlannedItems(GroupId groupId) {
        target(groupId);
        return plans.plan(groupId).stream().map(e -> instruments.current(e.data().instrumentCode()))
                .flatMap(Optional::stream).mapToInt(i -> i.definition().items().size()).max().orElse(0);
    }

    /** Every problem of the file for this group, by line and column; stores nothing. */
    @Transactional(readOnly = true)
    public ImportReport check(GroupId groupId, ImportFile file, ColumnMapping mapping) {
        return run(target(groupId), file, mapping).report();
    }

    /**
     * Stores the file's ratings in one transaction. With problems and {@code validRowsOnly} false,
     * nothing is stored and {@link ImportRefusedException} carries the report; with
     * {@code validRowsOnly}, the valid rows are stored and the result lists the lines left out.
     */
    @Transactional
    public ImportResult importRows(GroupId groupId, ImportFile file, ColumnMapping mapping, boolean validRowsOnly) {
        Group group = target(groupId);
        Checked checked = run(group, file, mapping);
        ImportReport report = checked.report();
        if (!report.clean() && !validRowsOnly) {
            throw new ImportRefusedException(report);
        }
        Map<String, List<ValidRow>> batches = new LinkedHashMap<>();
        for (ValidRow r : checked.valid()) {
            batches.computeIfAbsent(r.session().value() + "|" + r.instrument() + "|" + r.rater(), k -> new ArrayList<>()).add(r);
        }
        for (List<ValidRow> batch : batches.values()) {
            ValidRow first = batch.getFirst();
            if (first.rater() == Rater.LEADER) {
                // the rating service stores these as the signed-in leader's, which the check made sure the file names
                List<LeaderForm> forms = batch.stream().map(r -> new LeaderForm(RatingTarget.member(r.member()), r.responses(), null)).toList();
                ratings.recordLeaderRatings(first.session(), first.instrument(), forms);
            } else {
                List<MemberForm> forms = batch.stream().map(r -> new MemberForm(r.member(), r.responses(), null)).toList();
                ratings.recordMemberForms(first.session(), first.instrument(), forms);
            }
        }
        List<Integer> stored = checked.valid().stream().map(ValidRow::line).toList();
        Set<Integer> storedSet = new HashSet<>(stored);
        List<Integer> skipped = file.rows().stream().map(ImportFile.Row::line).filter(l -> !storedSet.contains(l)).toList();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("file", file.name());
        after.put("sha256", sha256(file));
        after.put("rows", file.rows().size());
        after.put("stored", stored.size());
        after.put("memberRatings", checked.valid().stream().filter(r -> r.rater() == Rater.MEMBER).count());
        after.put("leaderRatings", checked.valid().stream().filter(r -> r.rater() == Rater.LEADER).count());
        after.put("skippedLines", skipped);
        after.put("problems", report.problems().size());
        audit.record(AuditAction.IMPORT, "RatingImport", null, groupId.value(),
                "Imported " + stored.size() + " rating(s) from " + file.name() + " into " + group.name()
                        + (skipped.isEmpty() ? "" : " (" + skipped.size() + " row(s) with problems left out)"), null, after);
        return new ImportResult(stored.size(), stored, skipped);
    }

    private static String sha256(ImportFile file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(String.join(",", file.header()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (ImportFile.Row r : file.rows()) {
                md.update(String.join(",", r.cells()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ checks

    private Checked run(Group group, ImportFile file, ColumnMapping mapping) {
        List<ImportProblem> problems = new ArrayList<>();
        List<ValidRow> valid = new ArrayList<>();
        for (String field : mapping.unknownColumns(file.header())) {
            problems.add(new ImportProblem(1, mapping.column(field), "Column " + mapping.column(field) + " (for " + field + ") is not in the file"));
        }
        String codeCol = present(file, mapping.column(ColumnMapping.MEMBER_CODE));
        String idCol = present(file, mapping.column(ColumnMapping.MEMBER_ID));
        String sessionCol = present(file, mapping.column(ColumnMapping.SESSION));
        String instrumentCol = present(file, mapping.column(ColumnMapping.INSTRUMENT));
        String versionCol = present(file, mapping.column(ColumnMapping.INSTRUMENT_VERSION));
        String raterCol = present(file, mapping.column(ColumnMapping.RATER));
        String raterCodeCol = present(file, mapping.column(ColumnMapping.RATER_CODE));
        String raterIdCol = present(file, mapping.column(ColumnMapping.RATER_ID));
        if (codeCol == null && idCol == null) {
            problems.add(new ImportProblem(1, "", "Missing required column: member_code (or the export's member_id)"));
        }
        if (sessionCol == null) {
            problems.add(new ImportProblem(1, "", "Missing required column: session (the session number)"));
        }
        if (instrumentCol == null) {
            problems.add(new ImportProblem(1, "", "Missing required column: instrument (the instrument code)"));
        }
        if (mapping.items() == 0 || present(file, mapping.column(ColumnMapping.item(1))) == null) {
            problems.add(new ImportProblem(1, "", "Missing required column: item_1 (the first item's answer)"));
        }
        if (!problems.isEmpty()) {
            return new Checked(new ImportReport(group.name(), file.rows().size(), problems, List.of()), List.of());
        }

        GroupId groupId = group.id();
        Map<String, Member> byCode = new HashMap<>();
        Map<String, Member> byResearchId = new HashMap<>();
        Pseudonymiser ids = idCol != null ? researchIds.pseudonymiser() : null;
        for (Member m : members.findByGroup(groupId)) {
            byCode.put(m.code().toUpperCase(Locale.ROOT), m);
            if (ids != null) {
                byResearchId.put(ids.id(Pseudonymiser.Kind.MEMBER, m.id().value()), m);
            }
        }
        Map<Integer, GroupSession> byNumber = new HashMap<>();
        sessions.findByGroup(groupId).forEach(s -> byNumber.put(s.number(), s));
        Map<Integer, Map<MemberId, AttendanceRow>> attendance = new HashMap<>();
        UserId me = currentUser.requireUserId();
        Map<String, org.groupalliance.roster.Leader> leaderByUsername = new HashMap<>();
        Map<String, org.groupalliance.roster.Leader> leaderByResearchId = new HashMap<>();
        Pseudonymiser raterIds = raterIdCol != null ? researchIds.pseudonymiser() : null;
        for (org.groupalliance.roster.Leader l : group.leaders()) {
            leaderByUsername.put(l.username().toLowerCase(Locale.ROOT), l);
            if (raterIds != null) {
                leaderByResearchId.put(raterIds.id(Pseudonymiser.Kind.USER, l.userId().value()), l);
            }
        }
        String myName = group.leaders().stream().filter(l -> l.userId().equals(me)).findFirst().map(org.groupalliance.roster.Leader::username)
                .orElse("");
        Map<String, Set<String>> planned = new HashMap<>();
        Map<Integer, Set<String>> storedKeys = new HashMap<>();
        Map<String, Optional<Instrument>> current = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();

        for (ImportFile.Row row : file.rows()) {
            int before = problems.size();
            int line = row.line();
            // member
            Member member = null;
            String code = codeCol == null ? null : cell(file, row, codeCol);
            if (code != null && !code.isEmpty()) {
                member = byCode.get(code.toUpperCase(Locale.ROOT));
                if (member == null) {
                    problems.add(new ImportProblem(line, codeCol, "Unknown member code " + code + " in " + group.name()));
                }
            } else if (idCol != null && !cell(file, row, idCol).isEmpty()) {
                String rid = cell(file, row, idCol);
                member = byResearchId.get(rid);
                if (member == null) {
                    problems.add(new ImportProblem(line, idCol, "Research id " + rid + " is none of " + group.name()
                            + "'s members in this installation: add a member_code column"));
                }
            } else {
                problems.add(new ImportProblem(line, codeCol != null ? codeCol : idCol, "No member code"));
            }
            // rater: the member (own rating) or the importing leader; observers rate blind and enter their own
            Rater raterKind = Rater.MEMBER;
            String raterText = raterCol == null ? "" : cell(file, row, raterCol);
            String raterCode = raterCodeCol == null ? "" : cell(file, row, raterCodeCol);
            String raterId = raterIdCol == null ? "" : cell(file, row, raterIdCol);
            if (raterText.isEmpty() || raterText.equalsIgnoreCase("member")) {
                if (!raterCode.isEmpty()) {
                    problems.add(new ImportProblem(line, raterCodeCol, "A member's own rating names no rater: leave " + raterCodeCol
                            + " empty or set " + raterCol + " to leader"));
                } else if (!raterId.isEmpty()) {
                    problems.add(new ImportProblem(line, raterIdCol, "A member's own rating names no rater: leave " + raterIdCol
                            + " empty or set " + (raterCol == null ? "rater" : raterCol) + " to leader"));
                }
            } else if (raterText.equalsIgnoreCase("leader")) {
                raterKind = Rater.LEADER;
                org.groupalliance.roster.Leader who = null;
                String whoCol;
                if (!raterCode.isEmpty()) {
                    whoCol = raterCodeCol;
                    who = leaderByUsername.get(raterCode.toLowerCase(Locale.ROOT));
                    if (who == null) {
                        problems.add(new ImportProblem(line, raterCodeCol, "Unknown rater " + raterCode + ": not a leader of " + group.name()));
                    }
                } else if (!raterId.isEmpty()) {
                    whoCol = raterIdCol;
                    who = leaderByResearchId.get(raterId);
                    if (who == null) {
                        problems.add(new ImportProblem(line, raterIdCol, "Unknown rater: research id " + raterId + " is none of " + group.name()
                                + "'s leaders in this installation: add a rater_code column (the leader's username)"));
                    }
                } else {
                    whoCol = raterCol;
                    problems.add(new ImportProblem(line, raterCol, "Rater leader: no rater_code (the leader's username) and no rater_id: "
                            + "add a rater_code column"));
                }
                if (who != null && !who.userId().equals(me)) {
                    problems.add(new ImportProblem(line, whoCol, "Rater " + who.username() + " is another leader of " + group.name()
                            + ": leader ratings are stored as the importing leader's own, so " + who.username() + " imports theirs"));
                }
            } else if (raterText.equalsIgnoreCase("observer")) {
                problems.add(new ImportProblem(line, raterCol, "Rater observer: observers' ratings are not imported (observers rate blind: "
                        + "the rating service stores an observer's rating only as the signed-in observer's own, on the session page)"));
            } else {
                problems.add(new ImportProblem(line, raterCol, "Unknown rater " + raterText + " (member, leader or observer)"));
            }
            // session
            GroupSession session = null;
            String sessionText = cell(file, row, sessionCol);
            Integer number = integer(sessionText);
            if (number == null) {
                problems.add(new ImportProblem(line, sessionCol, sessionText.isEmpty() ? "No session number"
                        : "Session " + sessionText + " is not a whole number"));
            } else {
                session = byNumber.get(number);
                if (session == null) {
                    problems.add(new ImportProblem(line, sessionCol, "Session " + number + " is not in " + group.name()
                            + ": create the session (with its attendance) first"));
                }
            }
            // instrument and version
            InstrumentDefinition def = null;
            String instrument = cell(file, row, instrumentCol);
            if (instrument.isEmpty()) {
                problems.add(new ImportProblem(line, instrumentCol, "No instrument code"));
            } else {
                Optional<Instrument> cur = current.computeIfAbsent(instrument, instruments::current);
                if (cur.isEmpty()) {
                    problems.add(new ImportProblem(line, instrumentCol, "Unknown instrument " + instrument));
                } else {
                    def = cur.get().definition();
                    instrument = def.code();
                    if (versionCol != null && !cell(file, row, versionCol).isEmpty()) {
                        String vText = cell(file, row, versionCol);
                        Integer v = integer(vText);
                        if (v == null) {
                            problems.add(new ImportProblem(line, versionCol, "Instrument version " + vText + " is not a whole number"));
                            def = null;
                        } else if (v != def.version()) {
                            problems.add(new ImportProblem(line, versionCol, known(instrument, v)
                                    ? instrument + " v" + v + " is not the current version (v" + def.version() + "); ratings are stored with the current version"
                                    : "Instrument version unknown: " + instrument + " has no version " + v));
                            def = null;
                        }
                    }
                }
            }
            // items
            double[] responses = null;
            if (def != null) {
                responses = new double[def.items().size()];
                for (int i = 1; i <= Math.max(def.items().size(), mapping.items()); i++) {
                    String col = present(file, mapping.column(ColumnMapping.item(i)));
                    if (i <= def.items().size() && col == null) {
                        problems.add(new ImportProblem(line, "", "Missing required column: item_" + i + " (" + instrument + " has "
                                + def.items().size() + " items)"));
                        continue;
                    }
                    if (col == null) {
                        continue;
                    }
                    String text = cell(file, row, col);
                    double x;
                    if (text.isEmpty() || text.equals(NOT_APPLICABLE)) {
                        x = Double.NaN;
                    } else {
                        try {
                            x = Double.parseDouble(text);
                            if (!Double.isFinite(x) || !text.matches("-?[0-9]+(\\.[0-9]+)?")) {
                                throw new NumberFormatException();
                            }
                        } catch (NumberFormatException e) {
                            problems.add(new ImportProblem(line, col, "Not a number: " + text + " (use . as decimal point; empty = not answered)"));
                            continue;
                        }
                    }
                    if (i > def.items().size()) {
                        if (!Double.isNaN(x)) {
                            problems.add(new ImportProblem(line, col, instrument + " has only " + def.items().size() + " items: leave "
                                    + col + " empty"));
                        }
                        continue;
                    }
                    InstrumentDefinition.Item item = def.items().get(i - 1);
                    if (!Double.isNaN(x) && (x < item.min() || x > item.max())) {
                        problems.add(new ImportProblem(line, col, "Value out of range: " + text + " (" + instrument + " item " + i + " is "
                                + fmt(item.min()) + " to " + fmt(item.max()) + ")"));
                    }
                    responses[i - 1] = x;
                }
            }
            // plan, attendance, duplicates, and the instrument's own rules
            if (member != null && session != null && def != null && problems.size() == before) {
                GroupSession s = session;
                Rater rk = raterKind;
                Set<String> plannedHere = planned.computeIfAbsent(s.number() + "|" + rk, k -> plans.dueAt(groupId, s.number()).stream()
                        .filter(e -> e.data().raters().contains(rk)).map(e -> e.data().instrumentCode()).collect(java.util.stream.Collectors.toSet()));
                AttendanceRow att = attendance.computeIfAbsent(s.number(), n -> attendanceOf(s.id())).get(member.id());
                String key = member.id().value() + "|" + s.number() + "|" + instrument + "|" + rk;
                String by = rk == Rater.LEADER ? " by leader " + myName : "";
                Integer earlier = seen.putIfAbsent(key, line);
                if (!plannedHere.contains(instrument)) {
                    problems.add(new ImportProblem(line, instrumentCol, instrument + " is not planned for " + rk.name().toLowerCase(Locale.ROOT)
                            + "s at session " + s.number() + ": change the group's measurement plan first"));
                } else if (att == null || !att.expected()) {
                    problems.add(new ImportProblem(line, sessionCol, member.code() + ": "
                            + (att == null ? "not in the group at session " + s.number() : att.notExpectedReason(s.number()))));
                } else if (earlier != null) {
                    problems.add(new ImportProblem(line, "", "Duplicate: line " + earlier + " already has " + instrument + " of " + member.code()
                            + " at session " + s.number() + by));
                } else if (storedKeys.computeIfAbsent(s.number(), n -> storedRatingsOfMembers(s.id(), me))
                        .contains(member.id().value() + "|" + instrument + "|" + rk)) {
                    problems.add(new ImportProblem(line, "", "Duplicate: " + instrument + " of " + member.code() + " at session " + s.number() + by
                            + " is already stored (an import never replaces a stored rating)"));
                } else {
                    try {
                        def.score(responses, applicable.notApplicable(def, s, member.id()));
                        valid.add(new ValidRow(line, s.id(), s.number(), instrument, member.id(), rk, responses));
                    } catch (ValidationException e) {
                        e.fieldErrors().forEach((field, message) -> {
                            String col = field.startsWith("item") ? mapping.column(ColumnMapping.item(Integer.parseInt(field.substring(4)))) : "";
                            problems.add(new ImportProblem(line, col == null ? "" : col, message));
                        });
                    }
                }
            }
        }
        List<Integer> validLines = valid.stream().map(ValidRow::line).toList();
        return new Checked(new ImportReport(group.name(), file.rows().size(), problems, validLines), valid);
    }

    private Map<MemberId, AttendanceRow> attendanceOf(SessionId session) {
        Map<MemberId, AttendanceRow> m = new HashMap<>();
        sessions.attendance(session).forEach(r -> m.put(r.member().id(), r));
        return m;
    }

    /** Stored ratings of members an import could repeat: the members' own, and the importing leader's of members. */
    private Set<String> storedRatingsOfMembers(SessionId session, UserId me) {
        Set<String> keys = new HashSet<>();
        for (Rating r : ratings.forSession(session)) {
            if (r.target().kind() != RatingTarget.Kind.MEMBER) {
                continue;
            }
            if (r.raterKind() == Rater.MEMBER || (r.raterKind() == Rater.LEADER && me.equals(r.raterUser()))) {
                keys.add(r.target().member().value() + "|" + r.instrumentCode() + "|" + r.raterKind());
            }
        }
        return keys;
    }

    /** Whether this version is stored (read from the list: a NotFoundException would mark the caller's transaction rollback-only). */
    private boolean known(String code, int version) {
        return instruments.findAll().stream().anyMatch(i -> i.code().equals(code) && i.version() == version);
    }

    private static String present(ImportFile file, String column) {
        return column != null && file.header().contains(column) ? column : null;
    }

    private static String cell(ImportFile file, ImportFile.Row row, String column) {
        String c = file.cell(row, column);
        return c == null ? "" : c.strip();
    }

    private static Integer integer(String text) {
        if (!text.matches("[0-9]{1,9}")) {
            return null;
        }
        return Integer.parseInt(text);
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }
}
