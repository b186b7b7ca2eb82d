package org.groupalliance.capture;

import java.util.List;
import java.util.Map;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a session in one step after it was held: its attendance and every sheet of forms the plan
 * asks for, all or nothing. Each part goes through its own service (the attendance rules in
 * {@link SessionService}, the rating rules, access checks and audit in {@link RatingService}); this
 * service only runs them in one transaction, so a refused sheet leaves the attendance and the
 * other sheets unstored too.
 */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.OBSERVER + "')")
public class SessionRecordingService {

    /** One sheet's changed forms: the members' own forms, or a leader's or observer's ratings of targets. */
    public sealed interface Sheet permits MemberSheet, TargetSheet {
        String instrumentCode();
    }

    public record MemberSheet(String instrumentCode, List<MemberForm> forms) implements Sheet {
        public MemberSheet {
            forms = List.copyOf(forms);
        }
    }

    public record TargetSheet(String instrumentCode, Rater rater, List<LeaderForm> forms) implements Sheet {
        public TargetSheet {
            forms = List.copyOf(forms);
        }
    }

    /** A sheet (index in the list given) was refused; {@link #reason()} says why. Nothing was stored. */
    public static final class SheetRefused extends RuntimeException {
        private final int index;
        private final RuntimeException reason;

        SheetRefused(int index, RuntimeException reason) {
            super(reason.getMessage(), reason);
            this.index = index;
            this.reason = reason;
        }

        public int index() {
            return index;
        }

        /** A {@link ValidationException} (keys as the sheet's fields) or a {@link ConcurrentEditException}. */
        public RuntimeException reason() {
            return reason;
        }
    }

    private final SessionService sessions;
    private final RatingService ratings;

    public SessionRecordingService(SessionService sessions, RatingService ratings) {
        this.sessions = sessions;
        this.ratings = ratings;
    }

    /**
     * Stores the attendance (when given: null leaves it as stored) and then each sheet, in one
     * transaction. Attendance errors propagate as they are; a sheet's error as {@link SheetRefused}.
     *
     * @param sessionVersion the session's version the attendance was edited from (optimistic locking)
     */
    @Transactional
    public void record(SessionId session, int sessionVersion, Map<MemberId, AttendanceStatus> attendance, List<Sheet> sheets) {
        // access first: leaders, admins and the group's observers (each part below checks its own rule again)
        GroupSession held = sessions.get(session);
        if (attendance != null) {
            sessions.recordAttendance(session, sessionVersion, attendance);
        }
        if (sheets.isEmpty()) {
            return;
        }
        if (sheets.stream().noneMatch(s -> s instanceof TargetSheet t && t.rater() == Rater.OBSERVER)) {
            // a leader's or admin's save: the sheets share one look at the session's group, plan, instruments and
            // attendance and are written together (issue #13); the same rules as the calls below, sheet by sheet
            ratings.recordSheets(held, sheets);
            return;
        }
        for (int i = 0; i < sheets.size(); i++) {
            Sheet sheet = sheets.get(i);
            try {
                switch (sheet) {
                    case MemberSheet m -> ratings.recordMemberForms(session, m.instrumentCode(), m.forms());
                    case TargetSheet t when t.rater() == Rater.OBSERVER -> ratings.recordObserverRatings(session, t.instrumentCode(), t.forms());
                    case TargetSheet t -> ratings.recordLeaderRatings(session, t.instrumentCode(), t.forms());
                }
            } catch (ValidationException | ConcurrentEditException e) {
                throw new SheetRefused(i, e);
            }
        }
    }
}
