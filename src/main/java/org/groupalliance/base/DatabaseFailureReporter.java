package org.groupalliance.base;

import org.springframework.boot.SpringBootExceptionReporter;

/**
 * Reports a failed start caused by {@link DatabaseUnavailableException} as its one line on standard
 * error, instead of Spring Boot's stack trace. Any other failure is left to Spring Boot. Registered
 * in {@code META-INF/spring.factories}.
 */
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class DatabaseFailureReporter implements SpringBootExceptionReporter {

    @Override
    public boolean reportException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseUnavailableException e) {
                System.err.println("GroupAlliance did not start. " + e.getMessage());
                System.err.flush();
                return true;
            }
        }
        return false;
    }
}
