package org.groupalliance.roster;

import java.util.List;
import java.util.Optional;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.Validator;
import org.groupalliance.roster.internal.GroupRepository;
import org.groupalliance.roster.internal.MemberRepository;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.Roles;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Members of a group: pseudonymous codes, joining and leaving, end status. */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class MemberService {

    /** Upper-case letters and digits, optionally with hyphens: e.g. RS-07. Pseudonymous by design. */
    static final String CODE_RULE = "[A-Z0-9][A-Z0-9-]{1,19}";

    private final MemberRepository members;
    private final GroupRepository groups;
    private final GroupAccess access;
    private final AuditLog audit;

    MemberService(MemberRepository members, GroupRepository groups, GroupAccess access, AuditLog audit) {
        this.members = members;
        this.groups = groups;
        this.access = access;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<Member> findByGroup(GroupId group) {
        access.require(group);
        boolean names = access.canSeeNames(group);
        return members.findByGroup(group).stream().map(m -> names ? m : withoutName(m)).toList();
    }

    @Transactional(readOnly = true)
    public Member get(MemberId id) {
        Member m = members.findById(id).orElseThrow(() -> new NotFoundException("Member"));
        access.require(m.groupId());
        return access.canSeeNames(m.groupId()) ? m : withoutName(m);
    }

    @Transactional
    public Member add(GroupId groupId, MemberData data) {
        access.require(groupId);
        Group group = groups.findById(groupId).orElseThrow();
        MemberData d = normalise(data);
        validate(group, d, Optional.empty()).throwIfInvalid();
        MemberId id;
        try {
            id = members.insert(groupId, group.data().siteId(), d);
        } catch (DuplicateKeyException e) {
            throw duplicateCode(d.memberCode());
        }
        Member created = members.findById(id).orElseThrow();
        audit.record(AuditAction.CREATE, "Member", id, groupId.value(), "Added member " + d.memberCode() + " to " + group.name(), null, created);
        return created;
    }

    /**
     * Updates a member. Leaders may set the display name; for anyone else (admins) the stored
     * name is kept as it is, since they never saw it.
     */
    @Transactional
    public Member update(MemberId id, int version, MemberData data) {
        Member before = members.findById(id).orElseThrow(() -> new NotFoundException("Member"));
        access.require(before.groupId());
        Group group = groups.findById(before.groupId()).orElseThrow();
        MemberData d = normalise(data);
        if (!access.canSeeNames(before.groupId())) {
            d = new MemberData(d.memberCode(), before.data().displayName(), d.joinedSession(), d.leftSession(), d.endStatus(), d.endReason());
        }
        validate(group, d, Optional.of(id)).throwIfInvalid();
        try {
            if (!members.update(id, version, d)) {
                throw new ConcurrentEditException("Member " + before.code());
            }
        } catch (DuplicateKeyException e) {
            throw duplicateCode(d.memberCode());
        }
        Member after = members.findById(id).orElseThrow();
        audit.record(AuditAction.UPDATE, "Member", id, before.groupId().value(), "Updated member " + after.code(), before, after);
        return access.canSeeNames(before.groupId()) ? after : withoutName(after);
    }

    private Validator validate(Group group, MemberData d, Optional<MemberId> self) {
        int planned = group.data().plannedSessions();
        Validator v = new Validator()
                .check(d.memberCode().matches(CODE_RULE), "memberCode",
                        "Member code: 2-20 upper-case letters, digits or '-' (a pseudonym, never a real name)")
                .check(d.displayName() == null || d.displayName().length() <= 120, "displayName", "Display name: at most 120 characters")
                .check(d.joinedSession() >= 1 && d.joinedSession() <= planned, "joinedSession",
                        "Joined at session must be between 1 and the planned " + planned)
                .check(d.endStatus() != null, "endStatus", "Choose an end status")
                .check(d.endReason() == null || d.endReason().length() <= 500, "endReason", "Reason: at most 500 characters");
        if (d.leftSession() != null) {
            v.check(d.leftSession() >= d.joinedSession(), "leftSession",
                    "A member cannot leave before joining: left at session must be at or after session " + d.joinedSession());
            v.check(d.leftSession() <= planned, "leftSession", "Left at session must be at most the planned " + planned);
            v.check(d.endStatus() != EndStatus.ONGOING, "endStatus", "A member who has left cannot be 'Ongoing': choose how it ended");
        } else if (d.endStatus() != null) {
            v.check(d.endStatus() == EndStatus.ONGOING || d.endStatus() == EndStatus.COMPLETED, "leftSession",
                    "Enter the last session of a member who " + d.endStatus().label().toLowerCase());
        }
        if (!v.hasError("memberCode")) {
            v.check(!members.codeExists(group.data().siteId(), d.memberCode(), self), "memberCode",
                    "Member code " + d.memberCode() + " is already used at this site: codes must be unique within a site");
        }
        return v;
    }

    private static ValidationException duplicateCode(String code) {
        return ValidationException.of("memberCode", "Member code " + code + " is already used at this site: codes must be unique within a site");
    }

    private static MemberData normalise(MemberData d) {
        String code = d.memberCode() == null ? "" : d.memberCode().trim().toUpperCase();
        String name = d.displayName() == null || d.displayName().isBlank() ? null : d.displayName().trim();
        String reason = d.endReason() == null || d.endReason().isBlank() ? null : d.endReason().trim();
        return new MemberData(code, name, d.joinedSession(), d.leftSession(), d.endStatus(), reason);
    }

    /** What an assigned observer reads of a member: the code and dates, neither the name nor the leaders' end reason. */
    static Member withoutFreeText(Member m) {
        MemberData d = m.data();
        return new Member(m.id(), m.groupId(), m.version(), new MemberData(d.memberCode(), null, d.joinedSession(), d.leftSession(), d.endStatus(), null));
    }

    static Member withoutName(Member m) {
        MemberData d = m.data();
        return new Member(m.id(), m.groupId(), m.version(),
                new MemberData(d.memberCode(), null, d.joinedSession(), d.leftSession(), d.endStatus(), d.endReason()));
    }
}
