package org.groupalliance.security;

import java.util.List;

import org.groupalliance.base.AuditJson;
import org.groupalliance.security.internal.AuditRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes and reads the audit log. Feature services call {@link #record} inside their own
 * transaction, so an audit entry commits or rolls back together with the change it describes.
 */
@Service
public class AuditLog {

    private final AuditRepository repository;
    private final CurrentUser currentUser;

    AuditLog(AuditRepository repository, CurrentUser currentUser) {
        this.repository = repository;
        this.currentUser = currentUser;
    }

    /** Records a change made by the current user. {@code before} and {@code after} are records (or null). */
    @Transactional
    public void record(AuditAction action, String entityType, Object entityId, Long groupId, String summary,
                       Object before, Object after) {
        recordAs(currentUser.actorName(), action, entityType, entityId, groupId, summary, before, after);
    }

    /**
     * Records a change made by someone who has no account, named by {@code actor}: a member
     * submitting their own forms through a self-report link ("member M01 (self-report)").
     */
    @Transactional
    public void recordAs(String actor, AuditAction action, String entityType, Object entityId, Long groupId, String summary,
                         Object before, Object after) {
        repository.insert(actor, action.name(), entityType, entityId == null ? null : entityId.toString(),
                groupId, summary, AuditJson.of(before), AuditJson.of(after));
    }

    /** Records an event for a named actor who is not (yet) the current user, e.g. a login attempt. */
    @Transactional
    public void recordFor(String actor, AuditAction action, String entityType, Object entityId, String summary) {
        repository.insert(actor, action.name(), entityType, entityId == null ? null : entityId.toString(), null, summary, null, null);
    }

    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional(readOnly = true)
    public List<AuditEntry> search(AuditQuery query) {
        return repository.search(query);
    }

    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional(readOnly = true)
    public List<String> entityTypes() {
        return repository.entityTypes();
    }
}
