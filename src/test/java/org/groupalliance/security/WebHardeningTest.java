package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.CleanDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Issue 13 items 3 and 4 over real HTTP: login CSRF, security headers, the session cookie, HSTS behind a TLS proxy. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.forward-headers-strategy=native")
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class WebHardeningTest {

    @LocalServerPort int port;
    @Autowired ApplicationContext applicationContext;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
    }

    @Test
    void pages_carry_a_content_security_policy_no_referrer_and_a_samesite_session_cookie() throws Exception {
        HttpResponse<String> login = get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
        assertThat(login.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(login.headers().firstValue("Permissions-Policy")).get().asString().contains("camera=()");
        assertThat(login.headers().firstValue("Strict-Transport-Security")).as("no HSTS over plain HTTP").isEmpty();
        String cookie = sessionCookie(login);
        assertThat(cookie).containsIgnoringCase("SameSite=Lax").containsIgnoringCase("HttpOnly").doesNotContainIgnoringCase("Secure");
    }

    @Test
    void behind_a_tls_proxy_hsts_is_sent_and_the_cookie_is_secure() throws Exception {
        HttpResponse<String> login = get("/login", "X-Forwarded-Proto", "https", "X-Forwarded-For", "192.0.2.44");
        assertThat(login.headers().firstValue("Strict-Transport-Security")).get().asString().contains("max-age=31536000");
        assertThat(sessionCookie(login)).containsIgnoringCase("; Secure");
    }

    @Test
    void a_login_post_without_the_forms_token_is_refused_even_with_the_right_password() throws Exception {
        Account anna = new Actors(applicationContext).newUser(Role.FACILITATOR, null);
        HttpResponse<String> page = get("/login");
        String cookie = sessionCookie(page).split(";")[0];
        String form = "username=" + URLEncoder.encode(anna.username(), StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(anna.password(), StandardCharsets.UTF_8);
        for (String body : List.of(form, form + "&_csrf=forged-token")) {
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(403);
            // and the session is not signed in: a page still sends it to the sign-in page
            HttpResponse<String> home = get("/", "Cookie", post.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("JSESSIONID=")).findFirst().map(c -> c.split(";")[0]).orElse(cookie));
            assertThat(home.statusCode()).isEqualTo(302);
            assertThat(home.headers().firstValue("Location")).get().asString().endsWith("/login");
        }
    }
}
