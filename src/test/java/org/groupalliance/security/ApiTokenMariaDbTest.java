package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.support.Actors;
import org.groupalliance.support.CleanDatabase;
import org.groupalliance.support.JarCommand;
import org.groupalliance.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Personal access tokens on real MariaDB and a real server: stored hashed, shown once, expiring,
 * revocable, every use and refusal audited, and the {@code /api/v1} filter answering JSON 401s;
 * plus {@code token create} run through the jar's command dispatcher.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class ApiTokenMariaDbTest {

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired ApiTokenService tokens;
    @Autowired AuditLog audit;
    @Autowired JdbcTemplate jdbc;
    @Autowired TestClock clock;
    Actors actors;
    Actors.Account rita;
    Actors.Account admin;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        actors = new Actors(context);
        var site = actors.newSite();
        rita = actors.newUser(Role.RESEARCHER, site);
        admin = actors.newUser(Role.ADMIN, null);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    List<AuditEntry> auditOf(String actor, AuditAction action) {
        return as(admin, () -> audit.search(new AuditQuery(actor, action, "ApiToken", null, null, 50)));
    }

    @Test
    void a_token_is_shown_once_and_stored_only_as_its_sha256() {
        CreatedToken made = as(rita, () -> tokens.createOwn("laptop", Duration.ofHours(8)));
        assertThat(made.token()).startsWith("gat_").hasSize(4 + 43);
        String stored = jdbc.queryForObject("SELECT token_hash FROM api_token WHERE id = ?", String.class, made.info().id());
        assertThat(stored).isEqualTo(ApiTokenService.sha256(made.token())).isNotEqualTo(made.token());
        List<String> everyText = jdbc.queryForList("SELECT CONCAT(label, token_hash, token_prefix, scope, created_by) FROM api_token", String.class);
        assertThat(everyText).noneMatch(t -> t.contains(made.token()));
        assertThat(as(rita, () -> tokens.mine())).singleElement().satisfies(t -> {
            assertThat(t.scope()).isEqualTo("READ");
            assertThat(t.expiresAt()).isEqualTo(t.createdAt().plusHours(8));
            assertThat(made.token()).startsWith(t.prefix());
        });
        assertThat(auditOf(rita.username(), AuditAction.CREATE)).singleElement().satisfies(e -> assertThat(e.summary()).contains("laptop").doesNotContain(made.token()));
    }

    @Test
    void validity_outside_one_hour_to_366_days_or_unreadable_is_refused_naming_the_field() {
        assertThatThrownBy(() -> as(rita, () -> tokens.createOwn("x", Duration.ofMinutes(30))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("expiresIn"));
        assertThatThrownBy(() -> as(rita, () -> tokens.createOwn("x", Duration.ofDays(367)))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> ApiTokenService.parseValidity("8 hours")).isInstanceOf(ValidationException.class);
        assertThat(ApiTokenService.parseValidity("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(ApiTokenService.parseValidity("30d")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void the_api_accepts_a_valid_token_and_audits_each_use() throws Exception {
        CreatedToken made = as(rita, () -> tokens.createOwn("script", Duration.ofHours(8)));
        // authenticated: passes the filter into the application
        HttpResponse<String> r = get("/api/v1/no-such-thing?x=1", made.token());
        assertThat(r.statusCode()).isNotEqualTo(401);
        get("/api/v1/no-such-thing?x=2", made.token());
        assertThat(auditOf(rita.username(), AuditAction.TOKEN_USE)).hasSize(2)
                .anySatisfy(e -> assertThat(e.summary()).contains("GET /api/v1/no-such-thing?x=1"));
        assertThat(as(rita, () -> tokens.mine()).getFirst().lastUsedAt()).isNotNull();
    }

    @Test
    void missing_unknown_expired_and_revoked_tokens_get_a_json_401_and_are_audited() throws Exception {
        HttpResponse<String> none = get("/api/v1/export", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(none.body()).contains("\"status\":401").contains("\"error\":\"unauthorized\"");

        HttpResponse<String> unknown = get("/api/v1/export", "gat_notatokenatall");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("\"error\":\"token_unknown\"");

        CreatedToken expiring = as(rita, () -> tokens.createOwn("short", Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(61));
        HttpResponse<String> expired = get("/api/v1/export", expiring.token());
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("\"error\":\"token_expired\"");
        clock.reset();

        CreatedToken revoked = as(rita, () -> tokens.createOwn("gone", Duration.ofDays(1)));
        as(rita, () -> tokens.revoke(revoked.info().id()));
        HttpResponse<String> refused = get("/api/v1/export", revoked.token());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"error\":\"token_revoked\"");

        assertThat(auditOf(rita.username(), AuditAction.TOKEN_REFUSED)).extracting(AuditEntry::summary)
                .anySatisfy(s -> assertThat(s).contains("(expired)")).anySatisfy(s -> assertThat(s).contains("(revoked)"));
        assertThat(auditOf("anonymous", AuditAction.TOKEN_REFUSED)).anySatisfy(e -> assertThat(e.summary()).contains("Unknown token"));
        assertThat(auditOf(rita.username(), AuditAction.UPDATE)).anySatisfy(e -> assertThat(e.summary()).contains("Revoked token 'gone'"));
    }

    @Test
    void a_disabled_account_s_token_is_refused() {
        CreatedToken made = as(rita, () -> tokens.createOwn("x", Duration.ofHours(2)));
        jdbc.update("UPDATE app_user SET enabled = FALSE WHERE username = ?", rita.username());
        assertThatThrownBy(() -> tokens.authenticate(made.token(), "GET /api/v1/export"))
                .isInstanceOfSatisfying(TokenRefusedException.class, e -> assertThat(e.reason()).isEqualTo(TokenRefusedException.Reason.ACCOUNT_DISABLED));
    }

    @Test
    void only_the_owner_or_an_admin_revokes_a_token() {
        CreatedToken made = as(rita, () -> tokens.createOwn("x", Duration.ofHours(2)));
        Actors.Account other = actors.newUser(Role.RESEARCHER, null);
        assertThatThrownBy(() -> as(other, () -> tokens.revoke(made.info().id()))).isInstanceOf(NotFoundException.class);
        as(admin, () -> tokens.revoke(made.info().id()));
        assertThat(as(rita, () -> tokens.mine()).getFirst().revokedAt()).isNotNull();
    }

    @Test
    void token_create_on_the_command_line_prints_the_token_once_and_is_audited_as_the_operator() {
        JarCommand.Run run = JarCommand.run(true, "token", "create", "--user", rita.username(), "--expires-in", "8h");
        assertThat(run.status()).as(run.err()).isZero();
        String token = run.out().trim();
        assertThat(token).startsWith("gat_").doesNotContain("\n");
        assertThat(tokens.authenticate(token, "test").username()).isEqualTo(rita.username());
        assertThat(auditOf(OperatorActor.name(), AuditAction.CREATE)).singleElement()
                .satisfies(e -> assertThat(e.summary()).contains("for " + rita.username()));

        JarCommand.Run bad = JarCommand.run(true, "token", "create", "--user", "nobody.here", "--expires-in", "8h");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("No account named 'nobody.here'");
        assertThat(bad.out()).isEmpty();
    }
}
