package org.groupalliance.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Login CSRF: Vaadin's security configurer exempts the login form's POST from Spring's CSRF check,
 * so a foreign page could sign a victim in to an attacker's account. The login view puts a random
 * token in the HTTP session and a hidden field of the form; a {@code POST /login} without the
 * matching token is refused with 403 before any authentication. The token rides in the form's
 * action URL (Vaadin's login form posts only its own fields); pages send no referrer. The filter also remembers the
 * username tried, so the login view can show it again after a failure.
 */
public final class LoginCsrfFilter extends OncePerRequestFilter {

    public static final String PARAMETER = "_csrf";
    public static final String SESSION_TOKEN = LoginCsrfFilter.class.getName() + ".token";
    public static final String SESSION_LAST_USERNAME = LoginCsrfFilter.class.getName() + ".username";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The session's login token, made on first use. */
    public static String tokenFor(HttpSession session) {
        Object existing = session.getAttribute(SESSION_TOKEN);
        if (existing instanceof String s) {
            return s;
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(SESSION_TOKEN, token);
        return token;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && (request.getContextPath() + "/login").equals(request.getRequestURI())) {
            HttpSession session = request.getSession(false);
            Object expected = session == null ? null : session.getAttribute(SESSION_TOKEN);
            String given = request.getParameter(PARAMETER);
            if (!(expected instanceof String e) || given == null
                    || !MessageDigest.isEqual(e.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
                // written here, not through sendError: the error page would redirect to the login page and hide the refusal
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().write("The sign-in form has expired. Reload the page and sign in again.");
                return;
            }
            String username = request.getParameter("username");
            if (username != null) {
                session.setAttribute(SESSION_LAST_USERNAME, username.length() > 60 ? username.substring(0, 60) : username);
            }
        }
        chain.doFilter(request, response);
    }
}
