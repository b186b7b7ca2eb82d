package org.groupalliance.roster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.SubgroupId;
import org.groupalliance.base.Validator;
import org.groupalliance.roster.internal.GroupRepository;
import org.groupalliance.roster.internal.MemberRepository;
import org.groupalliance.roster.internal.SubgroupRepository;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Subgroups: named sets of members whose membership can change from a given session on. */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class SubgroupService {

    private final SubgroupRepository subgroups;
    private final MemberRepository members;
    private final GroupRepository groups;
    private final GroupAccess access;
    private final AuditLog audit;

    SubgroupService(SubgroupRepository subgroups, MemberRepository members, GroupRepository groups, GroupAccess access, AuditLog audit) {
        this.subgroups = subgroups;
        this.members = members;
        this.groups = groups;
        this.access = access;
        this.audit = audit;
    }

    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.OBSERVER + "')")
    @Transactional(readOnly = true)
    public List<Subgroup> findByGroup(GroupId group) {
        access.requireRead(group);
        return subgroups.findByGroup(group);
    }

    /** Creates a subgroup whose members belong to it from session {@code fromSession} on. */
    @Transactional
    public Subgroup create(GroupId groupId, String name, Set<MemberId> memberIds, int fromSession) {
        access.require(groupId);
        String n = name == null ? "" : name.trim();
        Validator v = new Validator().check(!n.isEmpty() && n.length() <= 80, "name", "Subgroup name is required (at most 80 characters)");
        if (!v.hasError("name")) {
            v.check(!subgroups.nameExists(groupId, n, Optional.empty()), "name", "This group already has a subgroup named '" + n + "'");
        }
        checkMembers(groupId, memberIds, fromSession, v);
        checkOneSubgroupAtATime(groupId, Optional.empty(), n, memberIds, fromSession, v);
        v.throwIfInvalid();
        SubgroupId id = subgroups.insert(groupId, n);
        subgroups.setMembersFrom(id, memberIds, fromSession);
        Subgroup created = subgroups.findById(id).orElseThrow();
        audit.record(AuditAction.CREATE, "Subgroup", id, groupId.value(), "Created subgroup " + n, null, created);
        return created;
    }

    /** Renames the subgroup and makes {@code memberIds} its membership from {@code fromSession} on. */
    @Transactional
    public Subgroup update(SubgroupId id, int version, String name, Set<MemberId> memberIds, int fromSession) {
        Subgroup before = subgroups.findById(id).orElseThrow(() -> new NotFoundException("Subgroup"));
        access.require(before.groupId());
        String n = name == null ? "" : name.trim();
        Validator v = new Validator().check(!n.isEmpty() && n.length() <= 80, "name", "Subgroup name is required (at most 80 characters)");
        if (!v.hasError("name")) {
            v.check(!subgroups.nameExists(before.groupId(), n, Optional.of(id)), "name", "This group already has a subgroup named '" + n + "'");
        }
        checkMembers(before.groupId(), memberIds, fromSession, v);
        checkOneSubgroupAtATime(before.groupId(), Optional.of(id), n, memberIds, fromSession, v);
        v.throwIfInvalid();
        if (!subgroups.rename(id, version, n)) {
            throw new ConcurrentEditException("Subgroup '" + before.name() + "'");
        }
        subgroups.setMembersFrom(id, memberIds, fromSession);
        Subgroup after = subgroups.findById(id).orElseThrow();
        audit.record(AuditAction.UPDATE, "Subgroup", id, before.groupId().value(), "Updated subgroup " + n, before, after);
        return after;
    }

    /**
     * A member is in at most one subgroup at any session (docs/decisions/0007-subgroup-membership.md):
     * the new membership runs from {@code fromSession} on, so any membership in another subgroup that
     * has not ended before {@code fromSession} is refused, naming both subgroups.
     */
    private void checkOneSubgroupAtATime(GroupId groupId, Optional<SubgroupId> self, String name, Set<MemberId> memberIds, int fromSession,
                                         Validator v) {
        if (memberIds == null || v.hasError("fromSession") || v.hasError("members")) {
            return;
        }
        for (Subgroup other : subgroups.findByGroup(groupId)) {
            if (self.isPresent() && other.id().equals(self.get())) {
                continue;
            }
            for (SubgroupMembership m : other.memberships()) {
                if (memberIds.contains(m.memberId()) && (m.validTo() == null || m.validTo() >= fromSession)) {
                    v.check(false, "members", m.memberCode() + " is in subgroup '" + other.name() + "' from session " + m.validFrom()
                            + (m.validTo() == null ? "" : " to " + m.validTo()) + ", so cannot also be in '" + name + "' from session " + fromSession
                            + ": a member is in one subgroup at a time. Take " + m.memberCode() + " out of '" + other.name()
                            + "' from session " + fromSession + " first.");
                    return;
                }
            }
        }
    }

    private void checkMembers(GroupId groupId, Set<MemberId> memberIds, int fromSession, Validator v) {
        int planned = groups.findById(groupId).orElseThrow().data().plannedSessions();
        v.check(fromSession >= 1 && fromSession <= planned, "fromSession", "Valid from session must be between 1 and the planned " + planned);
        v.check(memberIds != null && !memberIds.isEmpty(), "members", "Choose at least one member");
        if (memberIds == null || v.hasError("fromSession")) {
            return;
        }
        Map<MemberId, Member> inGroup = members.findByGroup(groupId).stream().collect(Collectors.toMap(Member::id, Function.identity()));
        for (MemberId m : memberIds) {
            Member member = inGroup.get(m);
            if (member == null) {
                v.check(false, "members", "A subgroup can only contain members of this group");
            } else {
                v.check(member.data().belongsAt(fromSession), "members",
                        "Member " + member.code() + " is not in the group at session " + fromSession + " (member from session "
                                + member.data().joinedSession() + (member.data().leftSession() == null ? "" : " to " + member.data().leftSession()) + ")");
            }
        }
    }
}
