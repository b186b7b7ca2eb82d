package org.groupalliance.insight;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.JsonError;
import org.groupalliance.base.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/groups/{id}/insight} behind a personal access token (security.ApiSecurityConfig,
 * which audits every use and answers 401 for a missing, unknown, expired or revoked token): the
 * numbers of the insight page as JSON ({@link InsightJson}), with the page's access rules, because
 * it asks the same service. Errors are JSON: 404 for a group that does not exist or that this
 * account may not see (one answer for both, as on the page), 403 for a role with no group pages
 * (observers, researchers).
 */
@RestController
class InsightApiController {

    private final InsightService insight;

    InsightApiController(InsightService insight) {
        this.insight = insight;
    }

    @GetMapping(value = "/api/v1/groups/{id}/insight")
    ResponseEntity<String> insight(@PathVariable String id) {
        long value;
        try {
            value = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("Group");
        }
        GroupInsight gi = insight.forGroup(GroupId.fromRoute(value));
        return ResponseEntity.ok().header("Content-Type", "application/json").body(InsightJson.of(gi));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e) {
        return json(new JsonError(404, "not_found", e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<String> noAccess(AccessDeniedException e) {
        return json(new JsonError(403, "forbidden", "This account's role has no group insight pages"));
    }

    private static ResponseEntity<String> json(JsonError error) {
        return ResponseEntity.status(error.status()).header("Content-Type", "application/json").body(error.toJson());
    }
}
