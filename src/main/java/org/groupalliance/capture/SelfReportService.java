package org.groupalliance.capture;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.UserId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.capture.internal.SelfReportRepository;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
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
 * <p>This class is the leader's side. The member's side (anonymous, the pass is the credential)
 * is {@link SelfReportMemberService}; PINs, link tokens and their hashes are made by
 * {@link SelfReportCredentials}.
 */
@Service
public class SelfReportService {

    static final int MAX_PIN_FAILURES = 5;

    private final SelfReportRepository windows;
    private final SessionService sessions;
    private final GroupService groups;
    private final MemberForms memberForms;
    private final SelfReportCredentials credentials;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final Clock clock;

    SelfReportService(SelfReportRepository windows, SessionService sessions, GroupService groups, MemberForms memberForms,
                      SelfReportCredentials credentials, CurrentUser currentUser, AuditLog audit, ObjectProvider<Clock> clock) {
        this.windows = windows;
        this.sessions = sessions;
        this.groups = groups;
        this.memberForms = memberForms;
        this.credentials = credentials;
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
        if (memberForms.dueAt(session).isEmpty()) {
            throw ValidationException.of("selfReport", "The measurement plan asks members for no forms at session " + session.number());
        }
        List<AttendanceRow> present = sessions.attendance(sessionId).stream().filter(a -> a.expected()).toList();
        if (present.isEmpty()) {
            throw ValidationException.of("attendance", "Take attendance first: links are made for the members present at session " + session.number());
        }
        LocalDateTime now = now();
        windows.closeOpenWindows(sessionId, now);
        String key = credentials.newAccessKey();
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

    // ---- helpers ------------------------------------------------------------------------------

    private Group requireLeader(GroupSession session) {
        Group group = groups.get(session.groupId());
        UserId me = currentUser.requireUserId();
        if (group.leaders().stream().noneMatch(l -> l.userId().equals(me))) {
            throw ValidationException.of("selfReport", "Only the group's leaders open self-report");
        }
        return group;
    }

    private SelfReport.Pass issuePass(long windowId, String key, MemberId member, String code) {
        SelfReportCredentials.NewPass p = credentials.newPass(key, member);
        windows.insertPass(windowId, member, p.pinHash(), p.linkHash());
        return new SelfReport.Pass(member, code, p.pin(), p.linkToken());
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
    }
}
