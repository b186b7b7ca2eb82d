package org.groupalliance.security;

import org.groupalliance.security.internal.AuditRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks the audit log's hash chain ({@link org.groupalliance.base.AuditHash}): every row's hash
 * over its content and the previous row's hash, row by row in id order, and the chain head against
 * the last row. Used by the admins' <i>Verify audit log</i> action, {@code java -jar ... audit verify}
 * and the restore drill (as the operator or system actor).
 */
@Service
public class AuditChain {

    /**
     * The result: intact, or the first broken row and why.
     *
     * @param intact        every row and the head check out
     * @param rowsChecked   rows read (up to and including the first broken one)
     * @param firstBrokenId the id of the first row that does not check out (null when intact, or when
     *                      rows after the last one were deleted: then {@code reason} says so)
     * @param reason        what is wrong (null when intact)
     * @param headHash      the last row's hash as stored in the chain head: write it down somewhere
     *                      else (a ticket, the backup log) to detect a re-computed chain later
     */
    public record Verification(boolean intact, long rowsChecked, Long firstBrokenId, String reason, String headHash) {

        /** One line for people and logs. */
        public String describe() {
            return intact ? "audit log intact: " + rowsChecked + " rows, head " + headHash
                    : "audit log broken" + (firstBrokenId == null ? "" : " at row " + firstBrokenId) + ": " + reason;
        }
    }

    private final AuditRepository repository;

    AuditChain(AuditRepository repository) {
        this.repository = repository;
    }

    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional(readOnly = true)
    public Verification verify() {
        return repository.verifyChain();
    }
}
