package org.groupalliance.capture;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.groupalliance.base.ValidationException;
import org.groupalliance.capture.internal.RatingRepository;
import org.groupalliance.capture.internal.SelfReportRepository;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.AttemptThrottle;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.ClientAddress;
import org.groupalliance.security.SystemActor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The member's side of self-report (see {@link SelfReportService} for the leader's): open to
 * anonymous callers, the pass is the credential and every call checks it again. After the check
 * it reads the session, plan and attendance as the system actor, for this session and member only.
 *
 * <p>PIN guessing is limited three ways, each in the database so it holds on every app node:
 * {@value #MAX_PIN_FAILURES} wrong PINs lock a member's pass (taken by one conditional UPDATE, so
 * parallel requests cannot check more); {@code groupalliance.self-report.max-wrong-pins-per-window}
 * wrong entries (unknown codes included) close PIN entry for the window, personal links still
 * work; {@code groupalliance.self-report.max-wrong-pins-per-address} wrong entries from one client
 * address within 15 minutes refuse PIN entry from there. Wrong PINs and lock-outs are audited; a
 * successful entry or submission leaves the count as it is.
 */
@Service
public class SelfReportMemberService {

    static final int MAX_PIN_FAILURES = SelfReportService.MAX_PIN_FAILURES;
    static final String ADDRESS_THROTTLE = "pin-address";
    private static final Duration ADDRESS_WINDOW = Duration.ofMinutes(15);
    private static final String REFUSED_LINK = "This link is not valid any more: self-report links work for a limited time "
            + "(usually 24 hours) and stop when the leader closes them. Ask your group leader for a new one.";
    private static final String REFUSED_PIN = "The member code or PIN is not right. Check both and try again.";
    private static final String LOCKED = "Too many wrong PINs for this member code. Ask your group leader for a new PIN.";
    private static final String WINDOW_LOCKED = "Too many wrong PINs were entered for this session. Use your personal link "
            + "(on your slip or QR code), or ask your group leader for a new one.";
    private static final String ADDRESS_LOCKED = "Too many wrong PINs from this network. Wait 15 minutes or use your personal link.";
    private static final String ACTOR = "anonymous (self-report)";

    private final SelfReportRepository windows;
    private final RatingRepository ratings;
    private final RatingWriter writer;
    private final SessionService sessions;
    private final MemberForms memberForms;
    private final SelfReportCredentials credentials;
    private final AttemptThrottle throttle;
    private final AuditLog audit;
    private final ApplicableItems applicable;
    private final Clock clock;
    private final int maxPerWindow;
    private final int maxPerAddress;

    SelfReportMemberService(SelfReportRepository windows, RatingRepository ratings, RatingWriter writer, SessionService sessions,
                            MemberForms memberForms, SelfReportCredentials credentials, AttemptThrottle throttle, AuditLog audit,
                            ApplicableItems applicable, ObjectProvider<Clock> clock,
                            @Value("${groupalliance.self-report.max-wrong-pins-per-window:60}") int maxPerWindow,
                            @Value("${groupalliance.self-report.max-wrong-pins-per-address:20}") int maxPerAddress) {
        this.windows = windows;
        this.ratings = ratings;
        this.writer = writer;
        this.sessions = sessions;
        this.memberForms = memberForms;
        this.credentials = credentials;
        this.throttle = throttle;
        this.audit = audit;
        this.applicable = applicable;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.maxPerWindow = maxPerWindow;
        this.maxPerAddress = maxPerAddress;
    }

    /** Enters with a personal link. */
    @Transactional(readOnly = true)
    public SelfReport.Ticket enterWithLink(String accessKey, String linkToken) {
        if (accessKey == null || linkToken == null) {
            throw new SelfReport.Refused(REFUSED_LINK);
        }
        SelfReportRepository.Pass pass = windows.findPassByLink(credentials.linkHash(linkToken))
                .orElseThrow(() -> new SelfReport.Refused(REFUSED_LINK));
        SelfReportRepository.Window w = validWindow(pass.windowId());
        if (!w.accessKey().equals(accessKey)) {
            throw new SelfReport.Refused(REFUSED_LINK);
        }
        return ticket(w, pass);
    }

    /**
     * Enters with the session's short link plus member code and PIN. Wrong PINs are counted,
     * audited and kept even though the call fails.
     */
    @Transactional(noRollbackFor = SelfReport.Refused.class)
    public SelfReport.Ticket enterWithPin(String accessKey, String memberCode, String pin) {
        SelfReportRepository.Window w = windows.findByKey(accessKey == null ? "" : accessKey.trim().toLowerCase())
                .filter(x -> x.validAt(now())).orElseThrow(() -> new SelfReport.Refused(REFUSED_LINK));
        Optional<String> address = ClientAddress.current();
        String from = address.map(a -> " from " + a).orElse("");
        if (address.isPresent() && throttle.isLocked(ADDRESS_THROTTLE, address.get())) {
            throw new SelfReport.Refused(ADDRESS_LOCKED);
        }
        if (!windows.takeWindowAttempt(w.id(), maxPerWindow)) {
            throw new SelfReport.Refused(WINDOW_LOCKED);
        }
        String code = memberCode == null ? "" : memberCode.trim();
        Optional<SelfReportRepository.Pass> found = windows.findPassByCode(w.id(), code)
                .or(() -> windows.findPassByCode(w.id(), code.toUpperCase()));
        long groupId = SystemActor.call(() -> sessions.get(w.sessionId()).groupId().value());
        if (found.isEmpty()) {
            wrongFromAddress(address);
            audit.recordAs(ACTOR, AuditAction.LOGIN_FAILED, "SelfReportWindow", w.id(), groupId,
                    "Self-report entry with an unknown member code" + from, null, null);
            throw new SelfReport.Refused(REFUSED_PIN);
        }
        SelfReportRepository.Pass pass = found.get();
        OptionalInt used = windows.takePinAttempt(pass.id(), MAX_PIN_FAILURES);
        if (used.isEmpty()) {
            windows.returnWindowAttempt(w.id());
            throw new SelfReport.Refused(LOCKED);
        }
        if (!credentials.pinMatches(w.accessKey(), pass.member(), pin, pass.pinHash())) {
            wrongFromAddress(address);
            audit.recordAs(ACTOR, AuditAction.LOGIN_FAILED, "SelfReportPass", pass.id(), groupId,
                    "Wrong self-report PIN for " + pass.memberCode() + " (" + used.getAsInt() + " of " + MAX_PIN_FAILURES + ")" + from, null, null);
            if (used.getAsInt() >= MAX_PIN_FAILURES) {
                audit.recordAs(ACTOR, AuditAction.LOGIN_LOCKED, "SelfReportPass", pass.id(), groupId,
                        "Self-report pass of " + pass.memberCode() + " locked after " + MAX_PIN_FAILURES + " wrong PINs" + from, null, null);
                throw new SelfReport.Refused(LOCKED);
            }
            throw new SelfReport.Refused(REFUSED_PIN);
        }
        windows.returnPinAttempt(pass.id());
        windows.returnWindowAttempt(w.id());
        return ticket(w, pass);
    }

    /** The forms the plan asks of members at this session, with this member's own earlier answers. */
    @Transactional(readOnly = true)
    public List<SelfReport.Form> forms(SelfReport.Ticket ticket) {
        check(ticket);
        return SystemActor.call(() -> {
            GroupSession session = sessions.get(ticket.session());
            requirePresent(session, ticket);
            List<SelfReport.Form> forms = new ArrayList<>();
            for (InstrumentDefinition def : memberForms.dueAt(session)) {
                var stored = ratings.findByKey(memberKey(ticket, def.code()));
                List<Double> previous = stored.map(Rating::responses).orElse(nans(def.items().size()));
                forms.add(new SelfReport.Form(def, previous, stored.isPresent(), applicable.notApplicable(def, session, ticket.member())));
            }
            return forms;
        });
    }

    /**
     * Stores the member's answers, all forms or none: responses by instrument code (NaN = not
     * answered; a form left entirely blank is skipped). Out-of-range values are refused naming
     * the form and item ("PHQ-9.item3").
     */
    @Transactional
    public void submit(SelfReport.Ticket ticket, Map<String, double[]> responses) {
        SelfReportRepository.Pass pass = check(ticket);
        String actor = "member " + ticket.memberCode() + " (self-report)";
        SystemActor.run(() -> {
            GroupSession session = sessions.get(ticket.session());
            requirePresent(session, ticket);
            Map<String, InstrumentDefinition> due = new LinkedHashMap<>();
            memberForms.dueAt(session).forEach(d -> due.put(d.code(), d));
            Map<String, String> errors = new LinkedHashMap<>();
            List<RatingWriter.Pending> pending = new ArrayList<>();
            responses.forEach((code, values) -> {
                InstrumentDefinition def = due.get(code);
                if (def == null) {
                    errors.putIfAbsent(code, code + " is not asked of members at this session");
                    return;
                }
                if (Arrays.stream(values).allMatch(Double::isNaN)) {
                    return; // a form left blank is not completed: nothing to store
                }
                try {
                    java.util.Set<Integer> notApplicable = applicable.notApplicable(def, session, ticket.member());
                    InstrumentDefinition.Scores scores = def.score(values, notApplicable);
                    String key = memberKey(ticket, code);
                    pending.add(new RatingWriter.Pending(key, new Rating(0, ticket.session(), code, def.version(), Rater.MEMBER, ticket.member(), null,
                            RatingTarget.member(ticket.member()), Arrays.stream(values).boxed().toList(), notApplicable, scores.total(), scores.subscales(),
                            scores.missingItems(), Rating.Source.MEMBER_DEVICE, actor, 0), writer.currentVersion(key), ticket.memberCode()));
                } catch (ValidationException e) {
                    e.fieldErrors().forEach((field, message) -> errors.putIfAbsent(code + "." + field, def.name() + ": " + message));
                }
            });
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            if (pending.isEmpty()) {
                throw ValidationException.of("responses", "Nothing to send: answer at least one form");
            }
            writer.store(session, pending, actor);
        });
        windows.markSubmitted(pass.id(), now());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void wrongFromAddress(Optional<String> address) {
        address.ifPresent(a -> throttle.failed(ADDRESS_THROTTLE, a, maxPerAddress, ADDRESS_WINDOW, ADDRESS_WINDOW));
    }

    private SelfReportRepository.Pass check(SelfReport.Ticket ticket) {
        SelfReportRepository.Pass pass = windows.findPass(ticket.passId()).orElseThrow(() -> new SelfReport.Refused(REFUSED_LINK));
        validWindow(pass.windowId());
        if (!pass.member().equals(ticket.member())) {
            throw new SelfReport.Refused(REFUSED_LINK);
        }
        return pass;
    }

    private SelfReportRepository.Window validWindow(long windowId) {
        return windows.findById(windowId).filter(w -> w.validAt(now())).orElseThrow(() -> new SelfReport.Refused(REFUSED_LINK));
    }

    private SelfReport.Ticket ticket(SelfReportRepository.Window w, SelfReportRepository.Pass pass) {
        int number = SystemActor.call(() -> sessions.get(w.sessionId()).number());
        return new SelfReport.Ticket(pass.id(), w.accessKey(), w.sessionId(), pass.member(), pass.memberCode(), number, w.expiresAt());
    }

    private void requirePresent(GroupSession session, SelfReport.Ticket ticket) {
        boolean present = sessions.attendance(session.id()).stream()
                .anyMatch(a -> a.member().id().equals(ticket.member()) && a.expected());
        if (!present) {
            throw new SelfReport.Refused("You are not recorded as present at session " + session.number() + ", so there is nothing to fill in.");
        }
    }

    private static String memberKey(SelfReport.Ticket t, String code) {
        return RatingService.keyOf(t.session(), code, "M" + t.member().value(), RatingTarget.member(t.member()));
    }

    private static List<Double> nans(int n) {
        List<Double> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Double.NaN);
        }
        return l;
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
    }
}
