package org.groupalliance.capture.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.UserId;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.base.ui.RatingSheet;
import org.groupalliance.capture.ApplicableItems;
import org.groupalliance.capture.LeaderForm;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntry;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.capture.SelfReportService;
import org.springframework.beans.factory.annotation.Value;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;

/**
 * The leader's entry screen after a session: what the group's plan asks for at this session, what
 * is still missing, the members' forms (one row per member who attended) and the leader's own
 * ratings of members, subgroups and the whole group.
 */
@Route("ratings")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR, Roles.OBSERVER})
public class SessionRatingsView extends VerticalLayout implements HasUrlParameter<Long>, HasDynamicTitle {

    private final SessionService sessions;
    private final GroupService groups;
    private final SubgroupService subgroups;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final RatingService ratings;
    private final CurrentUser currentUser;
    private final SelfReportService selfReport;
    private final String publicUrl;
    private final ApplicableItems applicable;
    private GroupSession session;
    SelfReportPanel selfReportPanel;
    private Group group;
    final Map<String, RatingSheet<?>> sheets = new LinkedHashMap<>();

    public SessionRatingsView(SessionService sessions, GroupService groups, SubgroupService subgroups, MeasurementPlanService plans,
                              InstrumentService instruments, RatingService ratings, CurrentUser currentUser, SelfReportService selfReport,
                              ApplicableItems applicable, @Value("${groupalliance.public-url:}") String publicUrl) {
        this.applicable = applicable;
        this.selfReport = selfReport;
        this.publicUrl = publicUrl;
        this.sessions = sessions;
        this.groups = groups;
        this.subgroups = subgroups;
        this.plans = plans;
        this.instruments = instruments;
        this.ratings = ratings;
        this.currentUser = currentUser;
        addClassName("view");
    }

    @Override
    public void setParameter(BeforeEvent event, Long sessionId) {
        try {
            session = sessions.get(new SessionId(sessionId));
            group = groups.get(session.groupId());
        } catch (NotFoundException | IllegalArgumentException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "Session not found, or you do not have access to it.");
            return;
        }
        render();
    }

    @Override
    public String getPageTitle() {
        return session == null ? "Ratings | GroupAlliance" : "Ratings, session " + session.number() + " | GroupAlliance";
    }

    void render() {
        removeAll();
        sheets.clear();
        H2 title = new H2("Ratings · " + group.name() + " · session " + session.number() + " (" + session.phase().label().toLowerCase() + " phase)");
        title.setId("ratings-title");
        boolean observer = isObserver();
        add(new Anchor(observer ? "observe" : "sessions/" + session.id().value(), observer ? "Back to sessions to rate" : "Back to the session"), title);
        List<PlanEntry> due = plans.dueAt(group.id(), session.number());
        if (due.isEmpty()) {
            Div empty = new Div();
            empty.addClassName("empty-state");
            empty.setText("The measurement plan asks for nothing at this session. Plans are set on the group page (Measurement plan).");
            add(empty);
            return;
        }
        if (isLeader() && due.stream().anyMatch(e -> e.data().raters().contains(Rater.MEMBER))) {
            selfReportPanel = new SelfReportPanel(selfReport, session.id(), PublicLinks.base(publicUrl));
            add(selfReportPanel);
        }
        add(new Paragraph("Only members recorded as present (or late, or leaving early) are expected: absent members neither rate nor are rated, "
                + "and nobody is expected before attendance is taken. Hover an item number for its label."));
        List<Rating> stored = ratings.forSession(session.id());
        List<AttendanceRow> attendance = sessions.attendance(session.id());
        for (PlanEntry entry : due) {
            InstrumentDefinition def = instruments.current(entry.data().instrumentCode()).map(i -> i.definition()).orElse(null);
            if (def == null) {
                continue;
            }
            if (entry.data().raters().contains(Rater.MEMBER) && !observer) {
                addSheet(def, Rater.MEMBER, memberRows(def, attendance, stored), (rows, responses) -> saveMemberForms(def, rows, responses));
            }
            if (entry.data().raters().contains(Rater.LEADER) && isLeader()) {
                addSheet(def, Rater.LEADER, targetRows(def, Rater.LEADER, attendance, stored), (rows, responses) -> saveTargetForms(def, Rater.LEADER, rows, responses));
            }
            if (entry.data().raters().contains(Rater.OBSERVER) && observer) {
                addSheet(def, Rater.OBSERVER, targetRows(def, Rater.OBSERVER, attendance, stored),
                        (rows, responses) -> saveTargetForms(def, Rater.OBSERVER, rows, responses));
            }
        }
    }

    private boolean isObserver() {
        return currentUser.get().map(p -> p.role() == org.groupalliance.security.Role.OBSERVER).orElse(false);
    }

    private boolean isLeader() {
        UserId me = currentUser.get().flatMap(p -> p.userId()).orElse(null);
        return me != null && group.leaders().stream().anyMatch(l -> l.userId().equals(me));
    }

    private <T> void addSheet(InstrumentDefinition def, Rater rater, List<RatingSheet.Row<T>> rows, RatingSheet.Saver<T> saver) {
        String heading = def.name() + " · " + switch (rater) {
            case MEMBER -> "completed by members";
            case LEADER -> "the leader's ratings";
            case OBSERVER -> "the observer's ratings";
        };
        RatingSheet<T> sheet = new RatingSheet<>(spec(def), heading, rater.name(), rows, (toSave, responses) -> {
            saver.save(toSave, responses);
            Notices.saved(def.name() + " saved");
            render();
        });
        sheets.put(def.code() + "/" + rater.name(), sheet);
        add(sheet);
    }

    /** The sheet's view of an instrument: its items and the word for its score ("mean" or "total"). */
    static RatingSheet.Spec spec(InstrumentDefinition def) {
        return new RatingSheet.Spec(def.code(), def.items().stream().map(i -> new RatingSheet.Item(i.number(), i.label(), i.min(), i.max(),
                i.type() == InstrumentDefinition.ResponseType.VISUAL_ANALOGUE)).toList(), def.scoreWord());
    }

    private static RatingSheet.Stored stored(Rating r) {
        return r == null ? null : new RatingSheet.Stored(r.responses(), r.total(), r.version());
    }

    private static Integer version(RatingSheet.Row<?> row) {
        return row.stored() == null ? null : row.stored().version();
    }

    private void saveMemberForms(InstrumentDefinition def, List<RatingSheet.Row<MemberId>> toSave, List<double[]> responses) {
        List<MemberForm> forms = new ArrayList<>();
        for (int i = 0; i < toSave.size(); i++) {
            forms.add(new MemberForm(toSave.get(i).target(), responses.get(i), version(toSave.get(i))));
        }
        ratings.recordMemberForms(session.id(), def.code(), forms);
    }

    private void saveTargetForms(InstrumentDefinition def, Rater rater, List<RatingSheet.Row<RatingTarget>> toSave, List<double[]> responses) {
        List<LeaderForm> forms = new ArrayList<>();
        for (int i = 0; i < toSave.size(); i++) {
            forms.add(new LeaderForm(toSave.get(i).target(), responses.get(i), version(toSave.get(i))));
        }
        if (rater == Rater.OBSERVER) {
            ratings.recordObserverRatings(session.id(), def.code(), forms);
        } else {
            ratings.recordLeaderRatings(session.id(), def.code(), forms);
        }
    }

    private List<RatingSheet.Row<MemberId>> memberRows(InstrumentDefinition def, List<AttendanceRow> attendance, List<Rating> stored) {
        Map<MemberId, Rating> mine = new LinkedHashMap<>();
        stored.stream().filter(r -> r.instrumentCode().equals(def.code()) && r.raterKind() == Rater.MEMBER).forEach(r -> mine.put(r.raterMember(), r));
        List<RatingSheet.Row<MemberId>> rows = new ArrayList<>();
        for (AttendanceRow a : attendance) {
            MemberId id = a.member().id();
            rows.add(new RatingSheet.Row<>(a.member().code(), id, a.expected(), a.note(), applicable.notApplicable(def, session, id),
                    stored(mine.get(id))));
        }
        return rows;
    }

    /** Rows for a leader's or observer's ratings of members, subgroups and the whole group, as the instrument's target asks. */
    private List<RatingSheet.Row<RatingTarget>> targetRows(InstrumentDefinition def, Rater rater, List<AttendanceRow> attendance, List<Rating> stored) {
        UserId me = currentUser.requireUserId();
        Map<String, Rating> mine = new LinkedHashMap<>();
        stored.stream().filter(r -> r.instrumentCode().equals(def.code()) && r.raterKind() == rater && me.equals(r.raterUser()))
                .forEach(r -> mine.put(targetKey(r.target()), r));
        List<RatingSheet.Row<RatingTarget>> rows = new ArrayList<>();
        InstrumentDefinition.Target t = def.target();
        boolean members = t == InstrumentDefinition.Target.MEMBER_TO_LEADER || t == InstrumentDefinition.Target.MEMBER_TO_GROUP
                || t == InstrumentDefinition.Target.MULTI_LEVEL;
        boolean subs = t == InstrumentDefinition.Target.SUBGROUP_TO_LEADER || t == InstrumentDefinition.Target.MULTI_LEVEL;
        boolean whole = t == InstrumentDefinition.Target.WHOLE_GROUP_TO_LEADER || t == InstrumentDefinition.Target.MULTI_LEVEL;
        if (members) {
            for (AttendanceRow a : attendance) {
                RatingTarget target = RatingTarget.member(a.member().id());
                // the same rule as the members' forms: absent members (and everyone before attendance is taken) are not rated
                rows.add(new RatingSheet.Row<>(a.member().code(), target, a.expected(), a.note(), applicable.notApplicable(def, session, a.member().id()),
                        stored(mine.get(targetKey(target)))));
            }
        }
        if (subs) {
            for (Subgroup s : subgroups.findByGroup(group.id())) {
                if (!s.membersAt(session.number()).isEmpty()) {
                    RatingTarget target = RatingTarget.subgroup(s.id());
                    rows.add(new RatingSheet.Row<>(s.name(), target, true, "", stored(mine.get(targetKey(target)))));
                }
            }
        }
        if (whole) {
            RatingTarget target = RatingTarget.wholeGroup();
            rows.add(new RatingSheet.Row<>("Whole group", target, true, "", stored(mine.get(targetKey(target)))));
        }
        return rows;
    }

    private static String targetKey(RatingTarget t) {
        return t.kind() + ":" + (t.member() != null ? t.member().value() : t.subgroup() != null ? t.subgroup().value() : "");
    }
}
