package org.groupalliance.base;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Before anything else starts (web server, connection pool, Flyway), opens one connection with the
 * configured {@code spring.datasource.url}, {@code username} and {@code password}. When that fails
 * the start stops with a {@link DatabaseUnavailableException} whose message is one line naming the
 * settings (never the password) and the cause, which {@link DatabaseFailureReporter} prints instead
 * of a stack trace. The embedded H2 default is not checked (it is a file, created on first start).
 * Registered in {@code META-INF/spring.factories}: it runs before the application context exists.
 */
public class DatabaseStartupCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** Seconds to wait for the database server to answer. */
    static final int TIMEOUT_SECONDS = 10;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Environment env = event.getEnvironment();
        String url = env.getProperty("spring.datasource.url");
        if (url == null || url.isBlank() || url.startsWith("jdbc:h2:") || !env.getProperty("groupalliance.database-check.enabled", Boolean.class, true)) {
            return;
        }
        String username = env.getProperty("spring.datasource.username", "");
        String password = env.getProperty("spring.datasource.password", "");
        DriverManager.setLoginTimeout(TIMEOUT_SECONDS);
        try (Connection c = DriverManager.getConnection(url, username, password)) {
            c.isValid(TIMEOUT_SECONDS);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(describe(url, username, password, e));
        }
    }

    /** One line: the settings (the URL with any password in it masked), the user, and the cause's first lines. */
    static String describe(String url, String username, String password, Throwable failure) {
        StringBuilder cause = new StringBuilder(firstLine(failure.getMessage()));
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure && root.getMessage() != null && !cause.toString().contains(firstLine(root.getMessage()))) {
            cause.append(" (").append(firstLine(root.getMessage())).append(')');
        }
        String text = "Cannot connect to the database: spring.datasource.url=" + maskUrl(url) + " with spring.datasource.username='" + username
                + "': " + cause + ". Check spring.datasource.url, spring.datasource.username and spring.datasource.password "
                + "(SPRING_DATASOURCE_URL, _USERNAME, _PASSWORD) and that the database server is running.";
        return password == null || password.isEmpty() ? text : text.replace(password, "***");
    }

    static String maskUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    @Override
    public int getOrder() {
        // after Boot's EnvironmentPostProcessorApplicationListener has loaded application.properties and the profiles
        return Ordered.LOWEST_PRECEDENCE;
    }
}
