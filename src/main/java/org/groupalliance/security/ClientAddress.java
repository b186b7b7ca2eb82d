package org.groupalliance.security;

import java.util.Optional;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The client address of the current HTTP request, for throttles and the audit log. Behind a
 * reverse proxy set {@code server.forward-headers-strategy=native} (README), so this is the
 * browser's address and not the proxy's. Empty outside a web request.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static Optional<String> current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            return Optional.ofNullable(servlet.getRequest().getRemoteAddr()).filter(a -> !a.isBlank());
        }
        return Optional.empty();
    }
}
