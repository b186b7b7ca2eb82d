package org.groupalliance.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Response headers for a health-data app that Vaadin works with, on every response (a servlet
 * filter ahead of everything, since Vaadin's own pages bypass Spring Security's header writer).
 * Vaadin's client needs inline styles and inline/eval'd scripts (its bootstrap and the dev-mode
 * bundle), so the policy keeps everything else to this origin: no foreign scripts, frames, forms or
 * plug-ins. Member links carry tokens, so no referrer ever leaves a page. HSTS is sent only on HTTPS
 * requests (behind a TLS proxy set {@code server.forward-headers-strategy=native}, see README).
 */
@Configuration(proxyBeanMethods = false)
class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; "
            + "worker-src 'self' blob:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
    static final String HSTS = "max-age=31536000; includeSubDomains";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> securityHeadersFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                response.setHeader("Referrer-Policy", "no-referrer");
                response.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
                response.setHeader("X-Content-Type-Options", "nosniff");
                if (request.isSecure()) {
                    response.setHeader("Strict-Transport-Security", HSTS);
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
