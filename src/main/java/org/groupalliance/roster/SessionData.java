package org.groupalliance.roster;

import java.time.LocalDate;

/** What the session form edits. */
public record SessionData(int sessionNumber, LocalDate date, String note) {
}
