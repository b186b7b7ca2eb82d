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
import org.groupalliance.outcome.OutcomeRating;
import org.groupalliance.outcome.OutcomeService;
import org.groupalliance.outcome.PlannedOutcome;
import org.groupalliance.outcome.Timepoint;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Leader;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports ratings and outcome forms from a long CSV file into an existing group
 * (docs/decisions/0021-import.md, 0027-import-round-trip.md): members' own ratings; the importing
 * leader's own ratings of members; paper forms an observer assigned to the group filled in about
 * members ({@code rater} = observer, named by {@code rater_code} or, in the same installation,
 * {@code rater_id}), stored as that observer's rating, entered by the importing leader; leaders' and
 * observers' ratings of a subgroup or the whole group in the target file's layout
 * ({@code target_level}, with the subgroup named by {@code target_code} or {@code target_id}); and
 * members' outcome forms at a timepoint (a row with {@code timepoint} and no session: the export has
 * no file with their items, decision 0027). {@link #check} lists every problem by
 * line and column without storing anything; {@link #importRows} checks again and, in one
 * transaction, stores either every row (only when there is no problem) or, when the user chose so,
 * only the valid rows. Ratings are stored through {@link RatingService#recordMemberForms},
 * {@link RatingService#recordLeaderRatings} (the signed-in leader as the rater) and
 * {@link RatingService#recordPaperRatings} (the observer as the rater), of whatever target, outcome forms through
 * {@link OutcomeService#record}, one session (or timepoint), instrument and rater at a time, so
 * scoring by the instrument version, the per-form audit (before/after) and the after-commit
 * {@code RatingsStored} event (rupture alerts) are those of every other entry path; the import
 * itself is audited once more as one {@link AuditAction#IMPORT} entry with its row count.
 *
 * <p>Only the group's own leaders import (admins do not: an import is clinical data entry, and
 * admins have no clinical access to members); anyone else gets the same "not found" as for a group
 * that does not exist. An import never replaces a stored rating or form: a row for one already
 * stored is a problem.
 */
@Service
@PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
public class ImportService {

    /** The export's code for "the instrument has no such item / the item does not apply"; read as empty. */
    static final String NOT_APPLICABLE = "-8";

    private final GroupService groups;
    private final MemberService members;
    private final SessionService sessions;
    private final SubgroupService subgroups;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final RatingService ratings;
    private final OutcomeService outcomes;
    private final ApplicableItems applicable;
    private final ResearchIds researchIds;
    private final AuditLog audit;
    private final CurrentUser currentUser;

    ImportService(GroupService groups, MemberService members, SessionService sessions, SubgroupService subgroups, MeasurementPlanService plans,
                  InstrumentService instruments, RatingService ratings, OutcomeService outcomes, ApplicableItems applicable, ResearchIds researchIds,
                  AuditLog audit, CurrentUser currentUser) {
        this.subgroups = subgroups;
        this.groups = groups;
        this.members = members;
        this.sessions = sessions;
        this.plans = plans;
        this.instruments = instruments;
        this.ratings = ratings;
        this.outcomes = outcomes;
        this.applicable = applicable;
        this.researchIds = researchIds;
        this.audit = audit;
        this.currentUser = currentUser;
    }

    /** How a valid row is stored. */
    private enum Path { MEMBER, OWN_LEADER, PAPER, OUTCOME }

    /**
     * A row that passed every check, ready to be stored: a rating at a session (its rater: the member,
     * the importing leader, or another rater's paper form) or an outcome form at a timepoint.
     */
    private record ValidRow(int line, Path path, SessionId session, Timepoint timepoint, String instrument, RatingTarget target, UserId rater,
                            double[] responses) {
    }

    private record Checked(ImportReport report, List<ValidRow> valid) {
    }

    /** Who rated, as the row names it: the kind, and for leaders and observers the account (null for members). */
    private record RaterOf(Rater kind, UserId user, String username) {
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
     * Stores the file's ratings and outcome forms in one transaction. With problems and
     * {@code validRowsOnly} false, nothing is stored and {@link ImportRefusedException} carries the
     * report; with {@code validRowsOnly}, the valid rows are stored and the result lists the lines left out.
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
            String key = r.path() == Path.OUTCOME ? "T" + r.timepoint().key() + "|" + r.instrument()
                    : r.session().value() + "|" + r.instrument() + "|" + r.path() + "|" + (r.rater() == null ? "" : r.rater().value());
            batches.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        for (List<ValidRow> batch : batches.values()) {
            ValidRow first = batch.getFirst();
            switch (first.path()) {
                case OWN_LEADER -> // stored as the signed-in leader's, which the check made sure the file names
                        ratings.recordLeaderRatings(first.session(), first.instrument(), leaderForms(batch));
                case PAPER -> // stored as the named rater's (an observer assigned to the group), entered by the importing leader
                        ratings.recordPaperRatings(first.session(), first.instrument(), first.rater(), leaderForms(batch));
                case OUTCOME -> outcomes.record(groupId, first.instrument(), first.timepoint(), memberForms(batch));
                case MEMBER -> ratings.recordMemberForms(first.session(), first.instrument(), memberForms(batch));
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
        after.put("memberRatings", count(checked, Path.MEMBER));
        after.put("leaderRatings", count(checked, Path.OWN_LEADER));
        after.put("observerRatings", count(checked, Path.PAPER));
        after.put("outcomeForms", count(checked, Path.OUTCOME));
        after.put("skippedLines", skipped);
        after.put("problems", report.problems().size());
        audit.record(AuditAction.IMPORT, "RatingImport", null, groupId.value(),
                "Imported " + stored.size() + " rating(s) from " + file.name() + " into " + group.name()
                        + (skipped.isEmpty() ? "" : " (" + skipped.size() + " row(s) with problems left out)"), null, after);
        return new ImportResult(stored.size(), stored, skipped);
    }

    private static long count(Checked checked, Path path) {
        return checked.valid().stream().filter(r -> r.path() == path).count();
    }

    private static List<LeaderForm> leaderForms(List<ValidRow> batch) {
        return batch.stream().map(r -> new LeaderForm(r.target(), r.responses(), null)).toList();
    }

    private static List<MemberForm> memberForms(List<ValidRow> batch) {
        return batch.stream().map(r -> new MemberForm(r.target().member(), r.responses(), null)).toList();
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
        Columns c = new Columns(present(file, mapping.column(ColumnMapping.MEMBER_CODE)), present(file, mapping.column(ColumnMapping.MEMBER_ID)),
                present(file, mapping.column(ColumnMapping.SESSION)), present(file, mapping.column(ColumnMapping.TIMEPOINT)),
                present(file, mapping.column(ColumnMapping.INSTRUMENT)), present(file, mapping.column(ColumnMapping.INSTRUMENT_VERSION)),
                present(file, mapping.column(ColumnMapping.RATER)), present(file, mapping.column(ColumnMapping.RATER_CODE)),
                present(file, mapping.column(ColumnMapping.RATER_ID)), present(file, mapping.column(ColumnMapping.TARGET_LEVEL)),
                present(file, mapping.column(ColumnMapping.TARGET_CODE)), present(file, mapping.column(ColumnMapping.TARGET_ID)));
        if (c.code() == null && c.id() == null && c.targetLevel() == null) {
            problems.add(new ImportProblem(1, "", "Missing required column: member_code (or the export's member_id; target_level for the target file)"));
        }
        if (c.session() == null && c.timepoint() == null) {
            problems.add(new ImportProblem(1, "", "Missing required column: session (the session number), or timepoint for outcome forms"));
        }
        if (c.instrument() == null) {
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
        Pseudonymiser ids = c.id() != null || c.raterId() != null || c.targetId() != null ? researchIds.pseudonymiser() : null;
        for (Member m : members.findByGroup(groupId)) {
            byCode.put(m.code().toUpperCase(Locale.ROOT), m);
            if (c.id() != null || c.targetId() != null) {
                byResearchId.put(ids.id(Pseudonymiser.Kind.MEMBER, m.id().value()), m);
            }
        }
        Map<Integer, GroupSession> byNumber = new HashMap<>();
        sessions.findByGroup(groupId).forEach(s -> byNumber.put(s.number(), s));
        Map<Integer, Map<MemberId, AttendanceRow>> attendance = new HashMap<>();
        UserId me = currentUser.requireUserId();
        Raters raters = new Raters(group, group.leaders(), groups.observers(groupId), c.raterId() != null ? ids : null);
        Map<String, Set<String>> planned = new HashMap<>();
        Map<Integer, Set<String>> storedKeys = new HashMap<>();
        Map<String, Set<Timepoint>> plannedOutcomes = new HashMap<>();
        Set<String> storedOutcomes = new HashSet<>();
        if (c.timepoint() != null) {
            for (PlannedOutcome po : outcomes.planned(groupId)) {
                plannedOutcomes.put(po.instrument().code(), Set.copyOf(po.timepoints()));
            }
            for (OutcomeRating o : outcomes.forGroup(groupId)) {
                storedOutcomes.add(o.member().value() + "|" + o.instrumentCode() + "|" + o.timepoint().key());
            }
        }
        Map<String, Subgroup> subgroupByName = new HashMap<>();
        Map<String, Subgroup> subgroupByResearchId = new HashMap<>();
        if (c.targetLevel() != null) {
            for (Subgroup sg : subgroups.findByGroup(groupId)) {
                subgroupByName.put(sg.name().toLowerCase(Locale.ROOT), sg);
                if (c.targetId() != null) {
                    subgroupByResearchId.put(ids.id(Pseudonymiser.Kind.SUBGROUP, sg.id().value()), sg);
                }
            }
        }
        Map<String, Optional<Instrument>> current = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();

        for (ImportFile.Row row : file.rows()) {
            int before = problems.size();
            int line = row.line();
            // whom the row is about: a member (the default), or for a leader's or observer's rating a subgroup or the whole group
            String levelText = c.targetLevel() == null ? "" : cell(file, row, c.targetLevel());
            RatingTarget.Kind level = level(levelText);
            if (level == null) {
                problems.add(new ImportProblem(line, c.targetLevel(), "Unknown target level " + levelText + " (member, subgroup or whole_group)"));
            }
            Member member = level == RatingTarget.Kind.MEMBER ? member(file, row, c, byCode, byResearchId, group, problems) : null;
            Subgroup subgroup = level == RatingTarget.Kind.SUBGROUP ? subgroup(file, row, c, subgroupByName, subgroupByResearchId, group, problems) : null;
            if (level == RatingTarget.Kind.SUBGROUP || level == RatingTarget.Kind.WHOLE_GROUP) {
                String what = level == RatingTarget.Kind.SUBGROUP ? "a subgroup" : "the whole group";
                for (String col : level == RatingTarget.Kind.SUBGROUP ? new String[] {c.code(), c.id()} : new String[] {c.code(), c.id(), c.targetCode(), c.targetId()}) {
                    if (col != null && !cell(file, row, col).isEmpty()) {
                        problems.add(new ImportProblem(line, col, "A rating of " + what + " names no " + (col.equals(c.targetCode()) || col.equals(c.targetId())
                                ? "subgroup" : "member") + ": leave " + col + " empty"));
                    }
                }
            }
            String timepointText = c.timepoint() == null ? "" : cell(file, row, c.timepoint());
            boolean outcome = !timepointText.isEmpty();
            if (outcome && level != null && level != RatingTarget.Kind.MEMBER) {
                problems.add(new ImportProblem(line, c.targetLevel(), "An outcome form at a timepoint is about the member: leave " + c.targetLevel() + " empty"));
            }
            RaterOf named = outcome ? outcomeRater(file, row, c, problems) : raters.of(file, row, c, me, problems);
            if (named != null && named.kind() == Rater.MEMBER && level != null && level != RatingTarget.Kind.MEMBER && !outcome) {
                problems.add(new ImportProblem(line, c.rater() == null ? "" : c.rater(), "A rating of " + (level == RatingTarget.Kind.SUBGROUP
                        ? "a subgroup" : "the whole group") + " is a leader's or an observer's: set " + (c.rater() == null ? "rater" : c.rater())
                        + " to leader or observer"));
                named = null;
            }
            RaterOf rater = named;
            // session, or an outcome form's timepoint
            GroupSession session = null;
            Timepoint timepoint = null;
            String sessionText = c.session() == null ? "" : cell(file, row, c.session());
            if (outcome) {
                timepoint = timepoint(timepointText);
                if (timepoint == null) {
                    problems.add(new ImportProblem(line, c.timepoint(), "Timepoint " + timepointText
                            + " is not baseline, post or fu followed by the weeks after the last session (fu12)"));
                }
                if (!sessionText.isEmpty()) {
                    problems.add(new ImportProblem(line, c.session(), "An outcome form at a timepoint has no session: leave " + c.session()
                            + " empty, or " + c.timepoint() + " empty for a rating at a session"));
                }
            } else {
                Integer number = integer(sessionText);
                if (number == null) {
                    problems.add(new ImportProblem(line, c.session() == null ? c.timepoint() : c.session(), sessionText.isEmpty()
                            ? "No session number" + (c.timepoint() == null ? "" : " and no timepoint") : "Session " + sessionText + " is not a whole number"));
                } else {
                    session = byNumber.get(number);
                    if (session == null) {
                        problems.add(new ImportProblem(line, c.session(), "Session " + number + " is not in " + group.name()
                                + ": create the session (with its attendance) first"));
                    }
                }
            }
            InstrumentDefinition def = instrument(file, row, c, current, problems);
            double[] responses = def == null ? null : responses(file, row, mapping, def, problems);
            if (level == null || (level == RatingTarget.Kind.MEMBER && member == null) || (level == RatingTarget.Kind.SUBGROUP && subgroup == null)
                    || rater == null || def == null || problems.size() != before) {
                continue;
            }
            String instrument = def.code();
            if (outcome) {
                // an outcome form: planned at that timepoint, once per member, instrument and timepoint (as the outcome page)
                Timepoint tp = timepoint;
                String key = member.id().value() + "|" + instrument + "|" + tp.key();
                Integer earlier = seen.putIfAbsent("T" + key, line);
                String at = " at " + tp.label().toLowerCase(Locale.ROOT);
                if (!plannedOutcomes.getOrDefault(instrument, Set.of()).contains(tp)) {
                    problems.add(new ImportProblem(line, c.instrument(), instrument + " is not planned" + at + " for " + group.name()
                            + ": change the group's measurement plan first"));
                } else if (earlier != null) {
                    problems.add(new ImportProblem(line, "", "Duplicate: line " + earlier + " already has " + instrument + " of " + member.code() + at));
                } else if (storedOutcomes.contains(key)) {
                    problems.add(new ImportProblem(line, "", "Duplicate: " + instrument + " of " + member.code() + at
                            + " is already stored (an import never replaces a stored form)"));
                } else {
                    scored(def, responses, Set.of(), line, mapping, problems).ifPresent(ok ->
                            valid.add(new ValidRow(line, Path.OUTCOME, null, tp, instrument, RatingTarget.member(member.id()), null, responses)));
                }
                continue;
            }
            // a rating at a session: planned for that kind of rater, the target expected there, once per target, instrument and rater
            GroupSession s = session;
            Rater rk = rater.kind();
            Set<String> plannedHere = planned.computeIfAbsent(s.number() + "|" + rk, k -> plans.dueAt(groupId, s.number()).stream()
                    .filter(e -> e.data().raters().contains(rk)).map(e -> e.data().instrumentCode()).collect(java.util.stream.Collectors.toSet()));
            RatingTarget target = switch (level) {
                case MEMBER -> RatingTarget.member(member.id());
                case SUBGROUP -> RatingTarget.subgroup(subgroup.id());
                case WHOLE_GROUP -> RatingTarget.wholeGroup();
            };
            String label = switch (level) {
                case MEMBER -> member.code();
                case SUBGROUP -> "subgroup " + subgroup.name();
                case WHOLE_GROUP -> "the whole group";
            };
            String raterKey = rk + ":" + (rater.user() == null ? "" : rater.user().value());
            String targetKey = targetKey(target);
            String key = targetKey + "|" + s.number() + "|" + instrument + "|" + raterKey;
            String by = rater.user() == null ? "" : " by " + rk.name().toLowerCase(Locale.ROOT) + " " + rater.username();
            Integer earlier = seen.putIfAbsent(key, line);
            String notThere = null;
            if (level == RatingTarget.Kind.MEMBER) {
                AttendanceRow att = attendance.computeIfAbsent(s.number(), n -> attendanceOf(s.id())).get(member.id());
                notThere = att != null && att.expected() ? null : member.code() + ": "
                        + (att == null ? "not in the group at session " + s.number() : att.notExpectedReason(s.number()));
            } else if (level == RatingTarget.Kind.SUBGROUP && subgroup.membersAt(s.number()).isEmpty()) {
                notThere = "Subgroup " + subgroup.name() + " has no members at session " + s.number();
            }
            if (!plannedHere.contains(instrument)) {
                problems.add(new ImportProblem(line, c.instrument(), instrument + " is not planned for " + rk.name().toLowerCase(Locale.ROOT)
                        + "s at session " + s.number() + ": change the group's measurement plan first"));
            } else if (!rates(def, level, rk)) {
                problems.add(new ImportProblem(line, c.instrument(), instrument + " does not rate " + (level == RatingTarget.Kind.SUBGROUP ? "subgroups"
                        : level == RatingTarget.Kind.WHOLE_GROUP ? "the whole group" : "members")));
            } else if (notThere != null) {
                problems.add(new ImportProblem(line, c.session(), notThere));
            } else if (earlier != null) {
                problems.add(new ImportProblem(line, "", "Duplicate: line " + earlier + " already has " + instrument + " of " + label
                        + " at session " + s.number() + by));
            } else if (storedKeys.computeIfAbsent(s.number(), n -> storedRatings(s.id())).contains(targetKey + "|" + instrument + "|" + raterKey)) {
                problems.add(new ImportProblem(line, "", "Duplicate: " + instrument + " of " + label + " at session " + s.number() + by
                        + " is already stored (an import never replaces a stored rating)"));
            } else {
                Path path = rk == Rater.MEMBER ? Path.MEMBER : rater.user().equals(me) ? Path.OWN_LEADER : Path.PAPER;
                Set<Integer> notApplicable = level == RatingTarget.Kind.MEMBER ? applicable.notApplicable(def, s, member.id()) : Set.of();
                scored(def, responses, notApplicable, line, mapping, problems).ifPresent(ok ->
                        valid.add(new ValidRow(line, path, s.id(), null, instrument, target, rater.user(), responses)));
            }
        }
        List<Integer> validLines = valid.stream().map(ValidRow::line).toList();
        return new Checked(new ImportReport(group.name(), file.rows().size(), problems, validLines), valid);
    }

    /** The file's columns for each field (null: not in the file). */
    private record Columns(String code, String id, String session, String timepoint, String instrument, String version, String rater,
                           String raterCode, String raterId, String targetLevel, String targetCode, String targetId) {
    }

    /** member (or empty), subgroup, whole_group (any case; "whole group" too); null when none of them. */
    static RatingTarget.Kind level(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace(' ', '_');
        return switch (t) {
            case "", "member" -> RatingTarget.Kind.MEMBER;
            case "subgroup" -> RatingTarget.Kind.SUBGROUP;
            case "whole_group" -> RatingTarget.Kind.WHOLE_GROUP;
            default -> null;
        };
    }

    /**
     * Whether the instrument rates that kind of target, as the planned forms and the session page
     * decide ({@link org.groupalliance.capture.ExpectedForms#ratesMembers}): a member's own form is
     * always theirs; a leader's or observer's form is about a member only with an instrument that
     * rates members (not one about a subgroup, the whole group or a member's own state).
     */
    private static boolean rates(InstrumentDefinition def, RatingTarget.Kind level, Rater rater) {
        InstrumentDefinition.Target t = def.target();
        return switch (level) {
            case MEMBER -> rater == Rater.MEMBER || org.groupalliance.capture.ExpectedForms.ratesMembers(def);
            case SUBGROUP -> t == InstrumentDefinition.Target.SUBGROUP_TO_LEADER || t == InstrumentDefinition.Target.MULTI_LEVEL;
            case WHOLE_GROUP -> t == InstrumentDefinition.Target.WHOLE_GROUP_TO_LEADER || t == InstrumentDefinition.Target.MULTI_LEVEL;
        };
    }

    private static String targetKey(RatingTarget t) {
        return switch (t.kind()) {
            case MEMBER -> "M" + t.member().value();
            case SUBGROUP -> "S" + t.subgroup().value();
            case WHOLE_GROUP -> "G";
        };
    }

    /** The rated subgroup, by name ({@code target_code}, which wins) or research id ({@code target_id}); null with a problem. */
    private static Subgroup subgroup(ImportFile file, ImportFile.Row row, Columns c, Map<String, Subgroup> byName, Map<String, Subgroup> byResearchId,
                                     Group group, List<ImportProblem> problems) {
        int line = row.line();
        String name = c.targetCode() == null ? "" : cell(file, row, c.targetCode());
        if (!name.isEmpty()) {
            Subgroup sg = byName.get(name.toLowerCase(Locale.ROOT));
            if (sg == null) {
                problems.add(new ImportProblem(line, c.targetCode(), "Unknown subgroup " + name + " in " + group.name()));
            }
            return sg;
        }
        String rid = c.targetId() == null ? "" : cell(file, row, c.targetId());
        if (!rid.isEmpty()) {
            Subgroup sg = byResearchId.get(rid);
            if (sg == null) {
                problems.add(new ImportProblem(line, c.targetId(), "Research id " + rid + " is none of " + group.name()
                        + "'s subgroups in this installation: add a target_code column (the subgroup's name)"));
            }
            return sg;
        }
        problems.add(new ImportProblem(line, c.targetLevel(), "Target subgroup: no target_code (the subgroup's name) and no target_id: add a target_code column"));
        return null;
    }

    /** The row's member, by code (which wins) or by research id; null with a problem. */
    private static Member member(ImportFile file, ImportFile.Row row, Columns c, Map<String, Member> byCode, Map<String, Member> byResearchId, Group group,
                                 List<ImportProblem> problems) {
        int line = row.line();
        String code = c.code() == null ? null : cell(file, row, c.code());
        if (code != null && !code.isEmpty()) {
            Member member = byCode.get(code.toUpperCase(Locale.ROOT));
            if (member == null) {
                problems.add(new ImportProblem(line, c.code(), "Unknown member code " + code + " in " + group.name()));
            }
            return member;
        }
        // by member_id; the target file's member rows name the member by target_id
        for (String column : java.util.Arrays.asList(c.id(), c.targetId())) {
            if (column != null && !cell(file, row, column).isEmpty()) {
                String rid = cell(file, row, column);
                Member member = byResearchId.get(rid);
                if (member == null) {
                    problems.add(new ImportProblem(line, column, "Research id " + rid + " is none of " + group.name()
                            + "'s members in this installation: add a member_code column"));
                }
                return member;
            }
        }
        problems.add(new ImportProblem(line, c.code() != null ? c.code() : c.id() != null ? c.id() : c.targetLevel(), "No member code"));
        return null;
    }

    /**
     * Who may rate in this group, by username and (in the same installation) research id: its leaders
     * and the observers assigned to it. A leader row must name the importing leader (a co-leader imports
     * theirs, stored as the signed-in leader's own); an observer row names an assigned observer, whose
     * paper form the importing leader enters (docs/decisions/0027-import-round-trip.md).
     */
    private static final class Raters {
        private final Group group;
        private final Map<Rater, Map<String, Leader>> byUsername = new HashMap<>();
        private final Map<Rater, Map<String, Leader>> byResearchId = new HashMap<>();

        Raters(Group group, List<Leader> leaders, List<Leader> observers, Pseudonymiser ids) {
            this.group = group;
            add(Rater.LEADER, leaders, ids);
            add(Rater.OBSERVER, observers, ids);
        }

        private void add(Rater kind, List<Leader> accounts, Pseudonymiser ids) {
            Map<String, Leader> names = byUsername.computeIfAbsent(kind, k -> new HashMap<>());
            Map<String, Leader> rids = byResearchId.computeIfAbsent(kind, k -> new HashMap<>());
            for (Leader l : accounts) {
                names.put(l.username().toLowerCase(Locale.ROOT), l);
                if (ids != null) {
                    rids.put(ids.id(Pseudonymiser.Kind.USER, l.userId().value()), l);
                }
            }
        }

        /** The row's rater; null with a problem. */
        RaterOf of(ImportFile file, ImportFile.Row row, Columns c, UserId me, List<ImportProblem> problems) {
            int line = row.line();
            String raterText = c.rater() == null ? "" : cell(file, row, c.rater());
            String raterCode = c.raterCode() == null ? "" : cell(file, row, c.raterCode());
            String raterId = c.raterId() == null ? "" : cell(file, row, c.raterId());
            if (raterText.isEmpty() || raterText.equalsIgnoreCase("member")) {
                if (!raterCode.isEmpty()) {
                    problems.add(new ImportProblem(line, c.raterCode(), "A member's own rating names no rater: leave " + c.raterCode()
                            + " empty or set " + c.rater() + " to leader or observer"));
                    return null;
                }
                if (!raterId.isEmpty()) {
                    problems.add(new ImportProblem(line, c.raterId(), "A member's own rating names no rater: leave " + c.raterId()
                            + " empty or set " + (c.rater() == null ? "rater" : c.rater()) + " to leader or observer"));
                    return null;
                }
                return new RaterOf(Rater.MEMBER, null, null);
            }
            Rater kind;
            if (raterText.equalsIgnoreCase("leader")) {
                kind = Rater.LEADER;
            } else if (raterText.equalsIgnoreCase("observer")) {
                kind = Rater.OBSERVER;
            } else {
                problems.add(new ImportProblem(line, c.rater(), "Unknown rater " + raterText + " (member, leader or observer)"));
                return null;
            }
            String word = kind == Rater.LEADER ? "leader" : "observer";
            String who = kind == Rater.LEADER ? "a leader of " + group.name() : "an observer assigned to " + group.name();
            Leader account;
            String col;
            if (!raterCode.isEmpty()) {
                col = c.raterCode();
                account = byUsername.get(kind).get(raterCode.toLowerCase(Locale.ROOT));
                if (account == null) {
                    problems.add(new ImportProblem(line, col, "Unknown rater " + raterCode + ": not " + who));
                    return null;
                }
            } else if (!raterId.isEmpty()) {
                col = c.raterId();
                account = byResearchId.get(kind).get(raterId);
                if (account == null) {
                    problems.add(new ImportProblem(line, col, "Unknown rater: research id " + raterId + " is none of " + group.name() + "'s "
                            + word + "s in this installation: add a rater_code column (the " + word + "'s username)"));
                    return null;
                }
            } else {
                problems.add(new ImportProblem(line, c.rater(), "Rater " + word + ": no rater_code (the " + word + "'s username) and no rater_id: "
                        + "add a rater_code column"));
                return null;
            }
            if (kind == Rater.LEADER && !account.userId().equals(me)) {
                problems.add(new ImportProblem(line, col, "Rater " + account.username() + " is another leader of " + group.name()
                        + ": leader ratings are stored as the importing leader's own, so " + account.username() + " imports theirs"));
                return null;
            }
            return new RaterOf(kind, account.userId(), account.username());
        }
    }

    /** An outcome form is the member's own: the rater columns are empty or say member. */
    private static RaterOf outcomeRater(ImportFile file, ImportFile.Row row, Columns c, List<ImportProblem> problems) {
        String raterText = c.rater() == null ? "" : cell(file, row, c.rater());
        String named = c.raterCode() != null && !cell(file, row, c.raterCode()).isEmpty() ? c.raterCode()
                : c.raterId() != null && !cell(file, row, c.raterId()).isEmpty() ? c.raterId() : null;
        if (!raterText.isEmpty() && !raterText.equalsIgnoreCase("member")) {
            problems.add(new ImportProblem(row.line(), c.rater(), "An outcome form at a timepoint is the member's own: rater " + raterText
                    + " is not imported at a timepoint"));
            return null;
        }
        if (named != null) {
            problems.add(new ImportProblem(row.line(), named, "An outcome form at a timepoint is the member's own: leave " + named + " empty"));
            return null;
        }
        return new RaterOf(Rater.MEMBER, null, null);
    }

    /** baseline, post, fuN (the wide file's column suffixes), any case; null when not one of them. */
    static Timepoint timepoint(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("baseline")) {
            return Timepoint.baseline();
        }
        if (t.equals("post")) {
            return Timepoint.post();
        }
        if (t.matches("fu[1-9][0-9]{0,2}")) {
            return Timepoint.followUp(Integer.parseInt(t.substring(2)));
        }
        return null;
    }

    /** The row's instrument at its current version; null with a problem (unknown, or another version named). */
    private InstrumentDefinition instrument(ImportFile file, ImportFile.Row row, Columns c, Map<String, Optional<Instrument>> current,
                                            List<ImportProblem> problems) {
        int line = row.line();
        String instrument = cell(file, row, c.instrument());
        if (instrument.isEmpty()) {
            problems.add(new ImportProblem(line, c.instrument(), "No instrument code"));
            return null;
        }
        Optional<Instrument> cur = current.computeIfAbsent(instrument, instruments::current);
        if (cur.isEmpty()) {
            problems.add(new ImportProblem(line, c.instrument(), "Unknown instrument " + instrument));
            return null;
        }
        InstrumentDefinition def = cur.get().definition();
        if (c.version() != null && !cell(file, row, c.version()).isEmpty()) {
            String vText = cell(file, row, c.version());
            Integer v = integer(vText);
            if (v == null) {
                problems.add(new ImportProblem(line, c.version(), "Instrument version " + vText + " is not a whole number"));
                return null;
            }
            if (v != def.version()) {
                problems.add(new ImportProblem(line, c.version(), known(def.code(), v)
                        ? def.code() + " v" + v + " is not the current version (v" + def.version() + "); ratings are stored with the current version"
                        : "Instrument version unknown: " + def.code() + " has no version " + v));
                return null;
            }
        }
        return def;
    }

    /** The row's item answers (NaN: empty or not applicable), each checked against its item's range; problems added. */
    private static double[] responses(ImportFile file, ImportFile.Row row, ColumnMapping mapping, InstrumentDefinition def, List<ImportProblem> problems) {
        int line = row.line();
        String instrument = def.code();
        double[] responses = new double[def.items().size()];
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
        return responses;
    }

    /** Whether the instrument's own rules accept the answers (one decimal on lines, whole points, ...); problems added by item column. */
    private static Optional<Boolean> scored(InstrumentDefinition def, double[] responses, Set<Integer> notApplicable, int line, ColumnMapping mapping,
                                            List<ImportProblem> problems) {
        try {
            def.score(responses, notApplicable);
            return Optional.of(true);
        } catch (ValidationException e) {
            e.fieldErrors().forEach((field, message) -> {
                String col = field.startsWith("item") ? mapping.column(ColumnMapping.item(Integer.parseInt(field.substring(4)))) : "";
                problems.add(new ImportProblem(line, col == null ? "" : col, message));
            });
            return Optional.empty();
        }
    }

    private Map<MemberId, AttendanceRow> attendanceOf(SessionId session) {
        Map<MemberId, AttendanceRow> m = new HashMap<>();
        sessions.attendance(session).forEach(r -> m.put(r.member().id(), r));
        return m;
    }

    /** Stored ratings an import could repeat, by target, instrument, kind of rater and rating account. */
    private Set<String> storedRatings(SessionId session) {
        Set<String> keys = new HashSet<>();
        for (Rating r : ratings.forSession(session)) {
            keys.add(targetKey(r.target()) + "|" + r.instrumentCode() + "|" + r.raterKind() + ":"
                    + (r.raterKind() == Rater.MEMBER || r.raterUser() == null ? "" : r.raterUser().value()));
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
