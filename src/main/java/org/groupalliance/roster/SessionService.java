package org.groupalliance.roster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.Validator;
import org.groupalliance.roster.internal.GroupRepository;
import org.groupalliance.roster.internal.MemberRepository;
import org.groupalliance.roster.internal.SessionRepository;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.Roles;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sessions of a group and their attendance. */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class SessionService {

    private final SessionRepository sessions;
    private final GroupRepository groups;
    private final MemberRepository members;
    private final GroupAccess access;
    private final AuditLog audit;
    private final java.time.Clock clock;

    /** How far ahead a session may be dated: sessions are recorded when held, or scheduled a little ahead. */
    static final int MAX_DAYS_AHEAD = 366;

    SessionService(SessionRepository sessions, GroupRepository groups, MemberRepository members, GroupAccess access, AuditLog audit,
                   java.time.Clock clock) {
        this.clock = clock;
        this.sessions = sessions;
        this.groups = groups;
        this.members = members;
        this.access = access;
        this.audit = audit;
    }

    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.OBSERVER + "')")
    @Transactional(readOnly = true)
    public List<GroupSession> findByGroup(GroupId groupId) {
        access.requireRead(groupId);
        boolean observer = access.isObserver(groupId);
        return sessions.findByGroup(groupId).stream().map(SessionService::toSession).map(s -> observer ? withoutNote(s) : s).toList();
    }

    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.OBSERVER + "')")
    @Transactional(readOnly = true)
    public GroupSession get(SessionId id) {
        SessionRepository.Row row = sessions.findById(id).orElseThrow(() -> new NotFoundException("Session"));
        access.requireRead(row.groupId());
        GroupSession s = toSession(row);
        return access.isObserver(row.groupId()) ? withoutNote(s) : s;
    }

    /** What an assigned observer reads of a session: not its note (the leaders' free text). */
    private static GroupSession withoutNote(GroupSession s) {
        return new GroupSession(s.id(), s.groupId(), s.version(), new SessionData(s.number(), s.data().date(), null), s.phase());
    }

    /** The session, for a change: only the group's leaders and admins (never an observer who may read it). */
    private GroupSession getToChange(SessionId id) {
        SessionRepository.Row row = sessions.findById(id).orElseThrow(() -> new NotFoundException("Session"));
        access.requireLeader(row.groupId());
        return toSession(row);
    }

    /** The next free session number, for the "new session" form. */
    @Transactional(readOnly = true)
    public int nextSessionNumber(GroupId groupId) {
        access.require(groupId);
        return groups.highestSessionNumber(groupId) + 1;
    }

    @Transactional
    public GroupSession create(GroupId groupId, SessionData data) {
        access.require(groupId);
        Group group = groups.findById(groupId).orElseThrow();
        SessionData d = normalise(data);
        validate(group, d, Optional.empty()).throwIfInvalid();
        SessionId id;
        try {
            // the phase is fixed now, from the boundaries as they are; later boundary changes re-assign it only when confirmed
            id = sessions.insert(groupId, d, group.data().phases().phaseOf(d.sessionNumber()));
        } catch (DuplicateKeyException e) {
            throw ValidationException.of("sessionNumber", duplicateMessage(d.sessionNumber()));
        }
        GroupSession created = toSession(sessions.findById(id).orElseThrow());
        audit.record(AuditAction.CREATE, "Session", id, groupId.value(), "Created session " + d.sessionNumber() + " of " + group.name(), null, created);
        return created;
    }

    @Transactional
    public GroupSession update(SessionId id, int version, SessionData data) {
        GroupSession before = getToChange(id);
        Group group = groups.findById(before.groupId()).orElseThrow();
        SessionData d = normalise(data);
        Validator v = validate(group, d, Optional.of(id));
        if (d.sessionNumber() != before.number()) {
            List<Member> notMembers = notMembersAt(sessions.attendance(id).keySet(), group.id(), d.sessionNumber());
            v.check(notMembers.isEmpty(), "sessionNumber", "Attendance is recorded for members who are not in the group at session "
                    + d.sessionNumber() + ": " + notMembers.stream().map(Member::code).collect(Collectors.joining(", ")));
        }
        v.throwIfInvalid();
        try {
            // a renumbered session takes the phase of its new number under the current boundaries; otherwise it keeps its own
            Phase phase = d.sessionNumber() == before.number() ? before.phase() : group.data().phases().phaseOf(d.sessionNumber());
            if (!sessions.update(id, version, d, phase)) {
                throw new ConcurrentEditException("Session " + before.number());
            }
        } catch (DuplicateKeyException e) {
            throw ValidationException.of("sessionNumber", duplicateMessage(d.sessionNumber()));
        }
        GroupSession after = toSession(sessions.findById(id).orElseThrow());
        audit.record(AuditAction.UPDATE, "Session", id, group.id().value(), "Updated session " + after.number(), before, after);
        return after;
    }

    @Transactional
    public void delete(SessionId id, int version) {
        GroupSession before = getToChange(id);
        Map<String, String> attendanceBefore = codes(sessions.attendance(id), before.groupId());
        if (!sessions.delete(id, version)) {
            throw new ConcurrentEditException("Session " + before.number());
        }
        audit.record(AuditAction.DELETE, "Session", id, before.groupId().value(), "Deleted session " + before.number(),
                Map.of("session", before, "attendance", attendanceBefore), null);
    }

    /** Members who belong to the group at this session, with their recorded status (null if none yet). */
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.OBSERVER + "')")
    @Transactional(readOnly = true)
    public List<AttendanceRow> attendance(SessionId id) {
        GroupSession session = get(id);
        Map<MemberId, AttendanceStatus> recorded = sessions.attendance(id);
        boolean names = access.canSeeNames(session.groupId());
        boolean observer = access.isObserver(session.groupId());
        List<AttendanceRow> rows = new ArrayList<>();
        for (Member m : members.findByGroup(session.groupId())) {
            if (m.data().belongsAt(session.number()) || recorded.containsKey(m.id())) {
                Member shown = names ? m : observer ? MemberService.withoutFreeText(m) : MemberService.withoutName(m);
                rows.add(new AttendanceRow(shown, recorded.get(m.id())));
            }
        }
        return rows;
    }

    /**
     * Replaces the attendance sheet of a session. Every member named must belong to the group at
     * that session; otherwise nothing is stored. The session's version guards against a co-leader's
     * concurrent save.
     */
    @Transactional
    public GroupSession recordAttendance(SessionId id, int sessionVersion, Map<MemberId, AttendanceStatus> sheet) {
        GroupSession session = getToChange(id);
        Map<MemberId, AttendanceStatus> clean = new LinkedHashMap<>();
        sheet.forEach((m, s) -> {
            if (s != null) {
                clean.put(m, s);
            }
        });
        List<Member> notMembers = notMembersAt(clean.keySet(), session.groupId(), session.number());
        if (!notMembers.isEmpty()) {
            throw ValidationException.of("attendance", "Not in the group at session " + session.number() + ": "
                    + notMembers.stream().map(m -> m.code() + (m.id() == null ? "" : " (member from session " + m.data().joinedSession()
                    + (m.data().leftSession() == null ? "" : " to " + m.data().leftSession()) + ")")).collect(Collectors.joining(", "))
                    + ". Attendance can only be recorded for members of the group at that session.");
        }
        Map<String, String> before = codes(sessions.attendance(id), session.groupId());
        if (!sessions.replaceAttendance(id, sessionVersion, clean)) {
            throw new ConcurrentEditException("Attendance of session " + session.number());
        }
        Map<String, String> after = codes(clean, session.groupId());
        audit.record(AuditAction.UPDATE, "Attendance", id, session.groupId().value(), "Attendance of session " + session.number(), before, after);
        return get(id);
    }

    private List<Member> notMembersAt(java.util.Collection<MemberId> ids, GroupId groupId, int sessionNumber) {
        Map<MemberId, Member> inGroup = members.findByGroup(groupId).stream().collect(Collectors.toMap(Member::id, Function.identity()));
        List<Member> result = new ArrayList<>();
        for (MemberId id : ids) {
            Member m = inGroup.get(id);
            if (m == null) {
                // a member of another group (or none): name it only by its id, never by another group's code
                result.add(new Member(null, groupId, 0, new MemberData("member #" + id.value(), null, 0, null, EndStatus.ONGOING, null)));
            } else if (!m.data().belongsAt(sessionNumber)) {
                result.add(m);
            }
        }
        return result;
    }

    private Map<String, String> codes(Map<MemberId, AttendanceStatus> sheet, GroupId groupId) {
        Map<MemberId, String> codeOf = members.findByGroup(groupId).stream().collect(Collectors.toMap(Member::id, Member::code));
        Map<String, String> result = new java.util.TreeMap<>();
        sheet.forEach((m, s) -> result.put(codeOf.getOrDefault(m, "#" + m.value()), s.name()));
        return result;
    }

    private Validator validate(Group group, SessionData d, Optional<SessionId> self) {
        int planned = group.data().plannedSessions();
        Validator v = new Validator()
                .check(d.sessionNumber() >= 1 && d.sessionNumber() <= planned, "sessionNumber",
                        "Session number must be between 1 and the planned " + planned + " (raise the planned sessions of the group first)")
                .check(d.date() != null, "date", "Session date is required")
                .check(d.note() == null || d.note().length() <= 2000, "note", "Note: at most 2000 characters");
        if (d.date() != null && group.data().startDate() != null) {
            v.check(!d.date().isBefore(group.data().startDate()), "date", "A session cannot be before the group's start date (" + group.data().startDate() + ")");
        }
        if (d.date() != null) {
            java.time.LocalDate latest = java.time.LocalDate.now(clock).plusDays(MAX_DAYS_AHEAD);
            v.check(!d.date().isAfter(latest), "date", "A session cannot be dated more than a year ahead (after " + latest + "): check the year");
            // sessions keep their order in time: not before an earlier-numbered session, not after a later-numbered one (same day is allowed)
            for (SessionRepository.Row other : sessions.findByGroup(group.id())) {
                if (self.isPresent() && other.id().equals(self.get())) {
                    continue;
                }
                int n = other.data().sessionNumber();
                if (n < d.sessionNumber() && d.date().isBefore(other.data().date())) {
                    v.check(false, "date", "Session " + d.sessionNumber() + " cannot be dated before session " + n + " (" + other.data().date() + ")");
                    break;
                }
                if (n > d.sessionNumber() && d.date().isAfter(other.data().date())) {
                    v.check(false, "date", "Session " + d.sessionNumber() + " cannot be dated after session " + n + " (" + other.data().date() + ")");
                    break;
                }
            }
        }
        if (!v.hasError("sessionNumber")) {
            v.check(!sessions.numberExists(group.id(), d.sessionNumber(), self), "sessionNumber", duplicateMessage(d.sessionNumber()));
        }
        return v;
    }

    private static String duplicateMessage(int number) {
        return "Session " + number + " already exists in this group: session numbers must be unique";
    }

    private static SessionData normalise(SessionData d) {
        return new SessionData(d.sessionNumber(), d.date(), d.note() == null || d.note().isBlank() ? null : d.note().trim());
    }

    private static GroupSession toSession(SessionRepository.Row r) {
        return new GroupSession(r.id(), r.groupId(), r.version(), r.data(), r.phase());
    }
}
