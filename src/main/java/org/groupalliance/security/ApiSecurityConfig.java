package org.groupalliance.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.groupalliance.base.JsonError;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The scripted API {@code /api/v1/**}: its own filter chain, ahead of the Vaadin one, so the web
 * app's chain stays as it is. Stateless (no session, no CSRF: no cookie is ever honoured here),
 * authenticated only by {@code Authorization: Bearer <personal access token>}; refusals are JSON
 * with status 401 (missing, unknown, expired, revoked token) or 403 (no access).
 */
@Configuration
class ApiSecurityConfig {

    static final String API = "/api/v1/**";

    @Bean
    @Order(1)
    SecurityFilterChain apiFilterChain(HttpSecurity http, ApiTokenService tokens) throws Exception {
        http.securityMatcher(API)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(ctx -> ctx.requireExplicitSave(true))
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> write(res, new JsonError(401, "unauthorized", "Send a personal access token as 'Authorization: Bearer <token>'")))
                        .accessDeniedHandler((req, res, ex) -> write(res, new JsonError(403, "forbidden", "This account has no access to this resource"))));
        return http.build();
    }

    static void write(HttpServletResponse response, JsonError error) throws IOException {
        response.setStatus(error.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        if (error.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getOutputStream().write(error.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the bearer token, lets {@link ApiTokenService} check and audit it, and signs the request in for its duration only. */
    static final class BearerTokenFilter extends OncePerRequestFilter {

        private final ApiTokenService tokens;

        BearerTokenFilter(ApiTokenService tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
            String what = request.getMethod() + " " + request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            AppUserPrincipal principal;
            try {
                principal = tokens.authenticate(token, what.length() > 300 ? what.substring(0, 300) : what);
            } catch (TokenRefusedException e) {
                String code = switch (e.reason()) {
                    case MISSING -> "unauthorized";
                    case UNKNOWN -> "token_unknown";
                    case EXPIRED -> "token_expired";
                    case REVOKED -> "token_revoked";
                    case ACCOUNT_DISABLED -> "account_disabled";
                };
                write(response, new JsonError(401, code, e.getMessage()));
                return;
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }
}
