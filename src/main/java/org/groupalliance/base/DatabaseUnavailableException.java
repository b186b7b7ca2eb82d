package org.groupalliance.base;

/** The database named by the settings cannot be reached at start; the message is one line, without the password. */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message) {
        super(message, null, false, false);
    }
}
