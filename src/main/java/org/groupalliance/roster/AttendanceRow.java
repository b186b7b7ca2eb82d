package org.groupalliance.roster;

/** A member expected at a session and their recorded status (null when not recorded yet). */
public record AttendanceRow(Member member, AttendanceStatus status) {
}
