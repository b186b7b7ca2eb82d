package org.groupalliance.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.UserId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.security.TokenRefusedException.Reason;
import org.groupalliance.security.internal.ApiTokenRepository;
import org.groupalliance.security.internal.UserRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal access tokens for scripted, read-only access ({@code /api/v1}). A token is 32 random
 * bytes (base64url, prefixed {@code gat_}); only its SHA-256 is stored, so the plain token exists
 * once, when it is created. Tokens expire (1 hour to 366 days), can be revoked by their owner, and
 * every use and every refusal is in the audit log.
 */
@Service
public class ApiTokenService {

    public static final String PREFIX = "gat_";
    static final Duration MIN_VALIDITY = Duration.ofHours(1);
    static final Duration MAX_VALIDITY = Duration.ofDays(366);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([hd])");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final Clock clock;

    ApiTokenService(ApiTokenRepository tokens, UserRepository users, AuditLog audit, CurrentUser currentUser, ObjectProvider<Clock> clock) {
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
        this.currentUser = currentUser;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** {@code 8h}, {@code 30d}: a validity as typed on the command line or the page. */
    public static Duration parseValidity(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase());
        if (!m.matches()) {
            throw ValidationException.of("expiresIn", "Validity: a number of hours or days, e.g. 8h or 30d");
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
    }

    /** A token for the signed-in user (any role); the plain token is in the result and nowhere else. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public CreatedToken createOwn(String label, Duration validity) {
        UserId me = currentUser.requireUserId();
        return create(me, currentUser.require().username(), label, validity);
    }

    /** A token for another account, made by an admin or the server operator ({@code token create --user}). */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional
    public CreatedToken createFor(String username, String label, Duration validity) {
        String name = username == null ? "" : username.trim().toLowerCase();
        AppUserPrincipal owner = users.findPrincipal(name)
                .orElseThrow(() -> ValidationException.of("user", "No account named '" + name + "'"));
        if (!owner.enabled()) {
            throw ValidationException.of("user", "Account '" + name + "' is disabled");
        }
        return create(owner.userId().orElseThrow(), owner.username(), label, validity);
    }

    private CreatedToken create(UserId owner, String ownerName, String label, Duration validity) {
        String cleanLabel = label == null || label.isBlank() ? "token" : label.trim();
        if (cleanLabel.length() > 80) {
            throw ValidationException.of("label", "Name: at most 80 characters");
        }
        if (validity == null || validity.compareTo(MIN_VALIDITY) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
            throw ValidationException.of("expiresIn", "Validity: from 1 hour to 366 days");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String prefix = token.substring(0, PREFIX.length() + 6);
        LocalDateTime now = now();
        LocalDateTime expires = now.plus(validity);
        long id = tokens.insert(owner, cleanLabel, sha256(token), prefix, ApiToken.READ, now, currentUser.actorName(), expires);
        ApiToken info = tokens.findById(id).orElseThrow();
        audit.record(AuditAction.CREATE, "ApiToken", id, null,
                "Created read-only token '" + cleanLabel + "' (" + prefix + "...) for " + ownerName + ", expires " + expires + " UTC", null, null);
        return new CreatedToken(info, token);
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<ApiToken> mine() {
        return tokens.findByOwner(currentUser.requireUserId());
    }

    /** The owner (or an admin) revokes a token; it is refused from then on. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public void revoke(long tokenId) {
        ApiToken token = tokens.findById(tokenId).orElseThrow(() -> new NotFoundException("Token " + tokenId));
        boolean own = currentUser.get().flatMap(AppUserPrincipal::userId).map(token.owner()::equals).orElse(false);
        if (!own && !currentUser.isAdmin()) {
            throw new NotFoundException("Token " + tokenId);
        }
        if (tokens.revoke(tokenId, now())) {
            audit.record(AuditAction.UPDATE, "ApiToken", tokenId, null, "Revoked token '" + token.label() + "' (" + token.prefix() + "...)", null, null);
        }
    }

    /**
     * Checks a bearer token for one request and audits the use ({@code TOKEN_USE} with what was
     * asked) or the refusal ({@code TOKEN_REFUSED} with the reason). Runs in its own transaction so a
     * refusal is recorded even though the request then fails.
     *
     * @throws TokenRefusedException when the token is unknown, expired, revoked or its account disabled
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW, noRollbackFor = TokenRefusedException.class)
    public AppUserPrincipal authenticate(String token, String request) {
        if (token == null || token.isBlank()) {
            throw new TokenRefusedException(Reason.MISSING, "Send a personal access token as 'Authorization: Bearer <token>'");
        }
        ApiToken found = tokens.findByHash(sha256(token.trim())).orElse(null);
        LocalDateTime now = now();
        if (found == null) {
            String shown = token.length() > PREFIX.length() + 6 ? token.substring(0, PREFIX.length() + 6) : "?";
            audit.recordFor("anonymous", AuditAction.TOKEN_REFUSED, "ApiToken", null, "Unknown token (" + shown + "...) for " + request);
            throw new TokenRefusedException(Reason.UNKNOWN, "Unknown token");
        }
        AppUser owner = users.findById(found.owner()).orElseThrow();
        if (found.revokedAt() != null) {
            refuse(owner, found, "revoked", request);
            throw new TokenRefusedException(Reason.REVOKED, "This token was revoked");
        }
        if (!now.isBefore(found.expiresAt())) {
            refuse(owner, found, "expired", request);
            throw new TokenRefusedException(Reason.EXPIRED, "This token expired at " + found.expiresAt() + " UTC");
        }
        if (!owner.enabled()) {
            refuse(owner, found, "account disabled", request);
            throw new TokenRefusedException(Reason.ACCOUNT_DISABLED, "The account of this token is disabled");
        }
        tokens.markUsed(found.id(), now);
        AppUserPrincipal principal = users.findPrincipal(owner.username()).orElseThrow();
        audit.recordFor(owner.username(), AuditAction.TOKEN_USE, "ApiToken", found.id(), "Token " + found.prefix() + "... used for " + request);
        return principal;
    }

    private void refuse(AppUser owner, ApiToken token, String why, String request) {
        audit.recordFor(owner.username(), AuditAction.TOKEN_REFUSED, "ApiToken", token.id(),
                "Token " + token.prefix() + "... refused (" + why + ") for " + request);
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
