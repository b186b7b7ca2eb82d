package org.groupalliance.capture;

import java.time.LocalDateTime;
import java.util.List;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.measure.InstrumentDefinition;

/** The records of member self-report (see {@link SelfReportService}). Times are UTC. */
public final class SelfReport {

    private SelfReport() {
    }

    /** A member's credentials for one window, in plain text: shown to the leader once, stored only as hashes. */
    public record Pass(MemberId member, String memberCode, String pin, String linkToken) {
        @Override
        public String toString() {
            return "Pass[" + memberCode + "]";
        }
    }

    /** A window just opened: the session's short-link key, when it expires and every present member's pass. */
    public record Opened(String accessKey, LocalDateTime expiresAt, List<Pass> passes) {
        public Opened {
            passes = List.copyOf(passes);
        }
    }

    /**
     * Whether a member has submitted in the current window (never what they answered);
     * {@code hasPass} is false for a member marked present after the window was opened.
     */
    public record MemberStatus(MemberId member, String memberCode, boolean hasPass, LocalDateTime submittedAt, boolean locked) {
    }

    /** The session's current window as the leader sees it; {@code open} is false once expired. */
    public record Status(String accessKey, LocalDateTime expiresAt, boolean open, List<MemberStatus> members) {
        public Status {
            members = List.copyOf(members);
        }
    }

    /**
     * Who is filling in: held by the member's page on the server after the link or code and PIN
     * were accepted; every later call checks it again (window still open, pass not replaced).
     */
    public record Ticket(long passId, String accessKey, SessionId session, MemberId member, String memberCode, int sessionNumber,
                         LocalDateTime expiresAt) {
    }

    /**
     * A form the member is asked to complete, with their own earlier answers (NaN = none) when they
     * resubmit; the items in {@code notApplicable} are not asked of this member (see {@link ApplicableItems}).
     */
    public record Form(InstrumentDefinition definition, List<Double> previous, boolean submitted, java.util.Set<Integer> notApplicable) {
        public Form {
            previous = List.copyOf(previous);
            notApplicable = java.util.Set.copyOf(notApplicable);
        }
    }

    /** A refusal to show to the member: expired or closed link, wrong code or PIN, too many attempts. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }
}
