package org.groupalliance.capture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.UserId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.capture.internal.RatingRepository;
import org.groupalliance.capture.internal.SelfReportRepository;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
import org.groupalliance.security.SystemActor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members complete their session forms on their own phones, unseen by the leader.
 *
 * <p>A leader of the group opens a <em>window</em> for a session (default 24 hours). The session
 * gets a short link (its access key, shown as a QR code) and every member present gets a 6-digit
 * PIN and a personal link. A member enters with the personal link, or with the short link plus
 * their member code and PIN. Only SHA-256 hashes of PINs and link tokens are stored; the plain
 * values are returned once, to be handed out. Five wrong PINs lock that member's pass until the
 * leader issues a new one. After expiry, or when the leader closes the window or opens a new
 * one, every link and PIN of the window is refused.
 *
 * <p>A member sees only the forms the plan asks of members at that session and only their own
 * answers; submitting again replaces their earlier answers (audited with before and after, as
 * "member CODE (self-report)"). The leader's status view shows who has submitted, never what.
 *
 * <p>The member-facing methods are open to anonymous callers: the pass is their credential, and
 * each call checks it again. After the check they read the session, plan and attendance as the
 * system actor, for this session and member only.
 */
@Service
public class SelfReportService {

    static final int MAX_PIN_FAILURES = 5;
    private static final String KEY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
    private static final String REFUSED_LINK = "This link is not valid any more: self-report links work for a limited time "
            + "(usually 24 hours) and stop when the leader closes them. Ask your group leader for a new one.";
    private static final String REFUSED_PIN = "The member code or PIN is not right. Check both and try again.";
    private static final String LOCKED = "Too many wrong PINs for this member code. Ask your group leader for a new PIN.";

    private final SelfReportRepository windows;
    private final RatingRepository ratings;
    private final RatingWriter writer;
    private final SessionService sessions;
    private final GroupService groups;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicableItems applicable;
    private final SecureRandom random = new SecureRandom();

    SelfReportService(SelfReportRepository windows, RatingRepository ratings, RatingWriter writer, SessionService sessions, GroupService groups,
                      MeasurementPlanService plans, InstrumentService instruments, CurrentUser currentUser, AuditLog audit,
                      ObjectProvider<Clock> clock, ApplicableItems applicable) {
        this.applicable = applicable;
        this.windows = windows;
        this.ratings = ratings;
        this.writer = writer;
        this.sessions = sessions;
        this.groups = groups;
        this.plans = plans;
        this.instruments = instruments;
        this.currentUser = currentUser;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    // ---- the leader's side --------------------------------------------------------------------

    /**
     * Opens self-report for a session for {@code hours} (1 to 72), closing any window opened
     * before; passes are made for every member present (attendance must be taken).
     */
    @PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
    @Transactional
    public SelfReport.Opened open(SessionId sessionId, int hours) {
        GroupSession session = sessions.get(sessionId);
        Group group = requireLeader(session);
        if (hours < 1 || hours > 72) {
            throw ValidationException.of("hours", "Links are valid for 1 to 72 hours");
        }
        if (memberForms(session).isEmpty()) {
            throw ValidationException.of("selfReport", "The measurement plan asks members for no forms at session " + session.number());
        }
        List<AttendanceRow> present = sessions.attendance(sessionId).stream().filter(a -> a.expected()).toList();
        if (present.isEmpty()) {
            throw ValidationException.of("attendance", "Take attendance first: links are made for the members present at session " + session.number());
        }
        LocalDateTime now = now();
        windows.closeOpenWindows(sessionId, now);
        String key = randomKey();
        LocalDateTime expires = now.plusHours(hours);
        long windowId = windows.insertWindow(sessionId, key, currentUser.actorName(), now, expires);
        List<SelfReport.Pass> passes = new ArrayList<>();
        for (AttendanceRow a : present) {
            passes.add(issuePass(windowId, key, a.member().id(), a.member().code()));
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("expiresAtUtc", expires.toString());
        after.put("members", passes.stream().map(SelfReport.Pass::memberCode).toList());
        audit.record(AuditAction.CREATE, "SelfReportWindow", windowId, group.id().value(),
                "Opened self-report for session " + session.number() + " of " + group.name() + " for " + hours + " h", null, after);
        return new SelfReport.Opened(key, expires, passes);
    }

    /**
     * The session's current window and who has submitted; empty when none is open. Members marked
     * present after it was opened are listed without a pass (the leader can make them one).
     */
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
    @Transactional(readOnly = true)
    public Optional<SelfReport.Status> status(SessionId sessionId) {
        sessions.get(sessionId);
        LocalDateTime now = now();
        return windows.currentWindow(sessionId).map(w -> {
            List<SelfReport.MemberStatus> members = new ArrayList<>();
            List<SelfReportRepository.Pass> passes = windows.passes(w.id());
            passes.forEach(p -> members.add(new SelfReport.MemberStatus(p.member(), p.memberCode(), true, p.submittedAt(),
                    p.failedAttempts() >= MAX_PIN_FAILURES)));
            sessions.attendance(sessionId).stream()
                    .filter(a -> a.expected() && passes.stream().noneMatch(p -> p.member().equals(a.member().id())))
                    .forEach(a -> members.add(new SelfReport.MemberStatus(a.member().id(), a.member().code(), false, null, false)));
            return new SelfReport.Status(w.accessKey(), w.expiresAt(), w.validAt(now), members);
        });
    }

    /** Closes the session's window now: its links and PINs stop working. */
    @PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
    @Transactional
    public void close(SessionId sessionId) {
        GroupSession session = sessions.get(sessionId);
        Group group = requireLeader(session);
        if (windows.closeOpenWindows(sessionId, now()) > 0) {
            audit.record(AuditAction.UPDATE, "SelfReportWindow", sessionId.value(), group.id().value(),
                    "Closed self-report for session " + session.number() + " of " + group.name(), null, null);
        }
    }

    /**
     * A new PIN and personal link for one member of the open window (lost slip, locked after
     * wrong PINs, or marked present after the window was opened); the old ones stop working.
     */
    @PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
    @Transactional
    public SelfReport.Pass renewPass(SessionId sessionId, MemberId member) {
        GroupSession session = sessions.get(sessionId);
        Group group = requireLeader(session);
        SelfReportRepository.Window w = windows.currentWindow(sessionId).filter(x -> x.validAt(now()))
                .orElseThrow(() -> ValidationException.of("selfReport", "Self-report is not open for session " + session.number()));
        AttendanceRow present = sessions.attendance(sessionId).stream()
                .filter(a -> a.member().id().equals(member) && a.expected()).findFirst()
                .orElseThrow(() -> ValidationException.of("member", "Only members recorded as present at session " + session.number() + " get a PIN"));
        boolean replaced = windows.deletePass(w.id(), member);
        SelfReport.Pass pass = issuePass(w.id(), w.accessKey(), member, present.member().code());
        audit.record(replaced ? AuditAction.UPDATE : AuditAction.CREATE, "SelfReportPass", w.id() + "/" + member.value(), group.id().value(),
                (replaced ? "New" : "First") + " self-report PIN and link for " + present.member().code() + " at session " + session.number(), null, null);
        return pass;
    }

    // ---- the member's side (anonymous; the pass is the credential) ---------------------------

    /** Enters with a personal link. */
    @Transactional(readOnly = true)
    public SelfReport.Ticket enterWithLink(String accessKey, String linkToken) {
        if (accessKey == null || linkToken == null) {
            throw new SelfReport.Refused(REFUSED_LINK);
        }
        SelfReportRepository.Pass pass = windows.findPassByLink(sha256(linkToken)).orElseThrow(() -> new SelfReport.Refused(REFUSED_LINK));
        SelfReportRepository.Window w = validWindow(pass.windowId());
        if (!w.accessKey().equals(accessKey)) {
            throw new SelfReport.Refused(REFUSED_LINK);
        }
        return ticket(w, pass);
    }

    /** Enters with the session's short link plus member code and PIN. Wrong PINs are counted (and kept) even though the call fails. */
    @Transactional(noRollbackFor = SelfReport.Refused.class)
    public SelfReport.Ticket enterWithPin(String accessKey, String memberCode, String pin) {
        SelfReportRepository.Window w = windows.findByKey(accessKey == null ? "" : accessKey.trim().toLowerCase())
                .filter(x -> x.validAt(now())).orElseThrow(() -> new SelfReport.Refused(REFUSED_LINK));
        String code = memberCode == null ? "" : memberCode.trim();
        SelfReportRepository.Pass pass = windows.findPassByCode(w.id(), code)
                .or(() -> windows.findPassByCode(w.id(), code.toUpperCase()))
                .orElseThrow(() -> new SelfReport.Refused(REFUSED_PIN));
        if (pass.failedAttempts() >= MAX_PIN_FAILURES) {
            throw new SelfReport.Refused(LOCKED);
        }
        String given = pin == null ? "" : pin.replaceAll("\\s", "");
        if (!MessageDigest.isEqual(pinHash(w.accessKey(), pass.member(), given).getBytes(StandardCharsets.US_ASCII),
                pass.pinHash().getBytes(StandardCharsets.US_ASCII))) {
            windows.addFailedAttempt(pass.id());
            throw new SelfReport.Refused(pass.failedAttempts() + 1 >= MAX_PIN_FAILURES ? LOCKED : REFUSED_PIN);
        }
        return ticket(w, pass);
    }

    /** The forms the plan asks of members at this session, with this member's own earlier answers. */
    @Transactional(readOnly = true)
    public List<SelfReport.Form> forms(SelfReport.Ticket ticket) {
        check(ticket);
        return SystemActor.call(() -> {
            GroupSession session = sessions.get(ticket.session());
            requirePresent(session, ticket);
            List<SelfReport.Form> forms = new ArrayList<>();
            for (InstrumentDefinition def : memberForms(session)) {
                var stored = ratings.findByKey(memberKey(ticket, def.code()));
                List<Double> previous = stored.map(Rating::responses).orElse(nans(def.items().size()));
                forms.add(new SelfReport.Form(def, previous, stored.isPresent(), applicable.notApplicable(def, session, ticket.member())));
            }
            return forms;
        });
    }

    /**
     * Stores the member's answers, all forms or none: responses by instrument code (NaN = not
     * answered; a form left entirely blank is skipped). Out-of-range values are refused naming
     * the form and item ("PHQ-9.item3").
     */
    @Transactional
    public void submit(SelfReport.Ticket ticket, Map<String, double[]> responses) {
        SelfReportRepository.Pass pass = check(ticket);
        String actor = "member " + ticket.memberCode() + " (self-report)";
        SystemActor.run(() -> {
            GroupSession session = sessions.get(ticket.session());
            requirePresent(session, ticket);
            Map<String, InstrumentDefinition> due = new LinkedHashMap<>();
            memberForms(session).forEach(d -> due.put(d.code(), d));
            Map<String, String> errors = new LinkedHashMap<>();
            List<RatingWriter.Pending> pending = new ArrayList<>();
            responses.forEach((code, values) -> {
                InstrumentDefinition def = due.get(code);
                if (def == null) {
                    errors.putIfAbsent(code, code + " is not asked of members at this session");
                    return;
                }
                if (Arrays.stream(values).allMatch(Double::isNaN)) {
                    return; // a form left blank is not completed: nothing to store
                }
                try {
                    Set<Integer> notApplicable = applicable.notApplicable(def, session, ticket.member());
                    InstrumentDefinition.Scores scores = def.score(values, notApplicable);
                    String key = memberKey(ticket, code);
                    pending.add(new RatingWriter.Pending(key, new Rating(0, ticket.session(), code, def.version(), Rater.MEMBER, ticket.member(), null,
                            RatingTarget.member(ticket.member()), Arrays.stream(values).boxed().toList(), notApplicable, scores.total(), scores.subscales(),
                            scores.missingItems(), Rating.Source.MEMBER_DEVICE, actor, 0), writer.currentVersion(key), ticket.memberCode()));
                } catch (ValidationException e) {
                    e.fieldErrors().forEach((field, message) -> errors.putIfAbsent(code + "." + field, def.name() + ": " + message));
                }
            });
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            if (pending.isEmpty()) {
                throw ValidationException.of("responses", "Nothing to send: answer at least one form");
            }
            writer.store(session, pending, actor);
        });
        windows.markSubmitted(pass.id(), now());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private SelfReportRepository.Pass check(SelfReport.Ticket ticket) {
        SelfReportRepository.Pass pass = windows.findPass(ticket.passId()).orElseThrow(() -> new SelfReport.Refused(REFUSED_LINK));
        validWindow(pass.windowId());
        if (!pass.member().equals(ticket.member())) {
            throw new SelfReport.Refused(REFUSED_LINK);
        }
        return pass;
    }

    private SelfReportRepository.Window validWindow(long windowId) {
        return windows.findById(windowId).filter(w -> w.validAt(now())).orElseThrow(() -> new SelfReport.Refused(REFUSED_LINK));
    }

    private SelfReport.Ticket ticket(SelfReportRepository.Window w, SelfReportRepository.Pass pass) {
        int number = SystemActor.call(() -> sessions.get(w.sessionId()).number());
        return new SelfReport.Ticket(pass.id(), w.accessKey(), w.sessionId(), pass.member(), pass.memberCode(), number, w.expiresAt());
    }

    private void requirePresent(GroupSession session, SelfReport.Ticket ticket) {
        boolean present = sessions.attendance(session.id()).stream()
                .anyMatch(a -> a.member().id().equals(ticket.member()) && a.expected());
        if (!present) {
            throw new SelfReport.Refused("You are not recorded as present at session " + session.number() + ", so there is nothing to fill in.");
        }
    }

    private List<InstrumentDefinition> memberForms(GroupSession session) {
        List<InstrumentDefinition> defs = new ArrayList<>();
        for (PlanEntry e : plans.dueAt(session.groupId(), session.number())) {
            if (e.data().raters().contains(Rater.MEMBER)) {
                instruments.current(e.data().instrumentCode()).ifPresent(i -> defs.add(i.definition()));
            }
        }
        return defs;
    }

    private Group requireLeader(GroupSession session) {
        Group group = groups.get(session.groupId());
        UserId me = currentUser.requireUserId();
        if (group.leaders().stream().noneMatch(l -> l.userId().equals(me))) {
            throw ValidationException.of("selfReport", "Only the group's leaders open self-report");
        }
        return group;
    }

    private SelfReport.Pass issuePass(long windowId, String key, MemberId member, String code) {
        String pin = String.format("%06d", random.nextInt(1_000_000));
        byte[] token = new byte[16];
        random.nextBytes(token);
        String link = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        windows.insertPass(windowId, member, pinHash(key, member, pin), sha256(link));
        return new SelfReport.Pass(member, code, pin, link);
    }

    private String randomKey() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String memberKey(SelfReport.Ticket t, String code) {
        return RatingService.keyOf(t.session(), code, "M" + t.member().value(), RatingTarget.member(t.member()));
    }

    private static List<Double> nans(int n) {
        List<Double> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Double.NaN);
        }
        return l;
    }

    private static String pinHash(String key, MemberId member, String pin) {
        return sha256(key + ":" + member.value() + ":" + pin);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
    }
}
