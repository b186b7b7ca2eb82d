package org.groupalliance.capture.ui;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;

/**
 * Absolute addresses of the members' self-report pages, built from the address the leader's
 * browser used (or {@code groupalliance.public-url} when the app runs behind a proxy).
 */
final class PublicLinks {

    private PublicLinks() {
    }

    static String base(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        if (VaadinRequest.getCurrent() instanceof VaadinServletRequest r) {
            var http = r.getHttpServletRequest();
            boolean defaultPort = ("http".equals(http.getScheme()) && http.getServerPort() == 80) || ("https".equals(http.getScheme()) && http.getServerPort() == 443);
            return http.getScheme() + "://" + http.getServerName() + (defaultPort ? "" : ":" + http.getServerPort()) + http.getContextPath();
        }
        return "";
    }

    static String shortLink(String base, String accessKey) {
        return base + "/r/" + accessKey;
    }

    static String personalLink(String base, String accessKey, String token) {
        return base + "/r/" + accessKey + "/" + token;
    }
}
