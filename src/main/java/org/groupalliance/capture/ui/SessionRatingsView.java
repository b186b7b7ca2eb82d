package org.groupalliance.capture.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.UserId;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.base.ui.RatingSheet;
import org.groupalliance.capture.ApplicableItems;
import org.groupalliance.capture.ExpectedForms;
import org.groupalliance.capture.LeaderForm;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntry;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.capture.SelfReportService;
import org.groupalliance.capture.SessionRecordingService;
import org.springframework.beans.factory.annotation.Value;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.AttendanceStatus;
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
    private final SessionRecordingService recording;
    /** Attendance as edited on this page (saved with the sheets); the sheets' expected rows follow it at once. */
    final Map<MemberId, AttendanceStatus> attendanceEdit = new LinkedHashMap<>();
    final Map<MemberId, RadioButtonGroup<AttendanceStatus>> attendanceFields = new LinkedHashMap<>();
    private List<AttendanceRow> storedAttendance = List.of();
    boolean attendanceChanged;
    private boolean bulkAttendance;
    final Span attendanceState = new Span();
    final Div saveAllError = new Div();
    Button saveAll;
    private final Div sheetBox = new Div();
    private final Map<String, java.util.function.Function<RatingSheet.Pending<?>, SessionRecordingService.Sheet>> builders = new LinkedHashMap<>();
    private GroupSession session;
    SelfReportPanel selfReportPanel;
    private Group group;
    private List<Subgroup> groupSubgroups = List.of();
    final Map<String, RatingSheet<?>> sheets = new LinkedHashMap<>();

    public SessionRatingsView(SessionService sessions, GroupService groups, SubgroupService subgroups, MeasurementPlanService plans,
                              InstrumentService instruments, RatingService ratings, CurrentUser currentUser, SelfReportService selfReport,
                              SessionRecordingService recording, @Value("${groupalliance.public-url:}") String publicUrl) {
        this.recording = recording;
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
        // unknown, forbidden or impossible ids throw NotFoundException, shown by shell.RecordNotFoundView
        session = sessions.get(SessionId.fromRoute(sessionId));
        group = groups.get(session.groupId());
        render();
    }

    @Override
    public String getPageTitle() {
        return session == null ? "Ratings | GroupAlliance" : "Ratings, session " + session.number() + " | GroupAlliance";
    }

    void render() {
        render(Map.of());
    }

    /**
     * Builds the page: attendance (leaders), then each sheet the plan asks for at this session, then
     * one Save for everything. {@code keep} holds values typed but not saved, by sheet and field, so a
     * re-render after a save or an attendance change loses nothing.
     */
    void render(Map<String, Map<String, Double>> keep) {
        removeAll();
        sheets.clear();
        builders.clear();
        boolean observer = isObserver();
        boolean leader = isLeader();
        H2 title = new H2((leader ? "Record session " : "Ratings · session ") + session.number() + " · " + group.name() + " ("
                + session.phase().label().toLowerCase() + " phase)");
        title.setId("ratings-title");
        add(new Anchor(observer ? "observe" : "sessions/" + session.id().value(), observer ? "Back to sessions to rate" : "Back to the session"), title);
        List<PlanEntry> due = plans.dueAt(group.id(), session.number());
        storedAttendance = sessions.attendance(session.id());
        attendanceEdit.clear();
        storedAttendance.forEach(a -> attendanceEdit.put(a.member().id(), a.status()));
        attendanceChanged = false;
        if (leader && due.stream().anyMatch(e -> e.data().raters().contains(Rater.MEMBER))) {
            selfReportPanel = new SelfReportPanel(selfReport, session.id(), PublicLinks.base(publicUrl));
            add(selfReportPanel);
        }
        if (leader) {
            add(attendanceSection());
        }
        if (due.isEmpty()) {
            Div empty = new Div();
            empty.addClassName("empty-state");
            empty.setText("The measurement plan asks for nothing at this session. Plans are set on the group page (Measurement plan).");
            add(empty);
        } else {
            add(new Paragraph("Only members recorded as present (or late, or leaving early) are expected: absent members neither rate nor are rated, "
                    + "and nobody is expected before attendance is taken. Tab moves from field to field, row by row; each sheet's item labels stand beside it."));
        }
        sheetBox.setWidthFull();
        add(sheetBox);
        renderSheets(due, keep);
        if (leader || !sheets.isEmpty()) {
            add(saveAllBar());
        }
    }

    private void renderSheets(List<PlanEntry> due, Map<String, Map<String, Double>> keep) {
        sheetBox.removeAll();
        sheets.clear();
        builders.clear();
        boolean observer = isObserver();
        List<Rating> stored = ratings.forSession(session.id());
        // rows follow the attendance on screen, saved or not: one rule (AttendanceRow.expected) for both
        List<AttendanceRow> attendance = storedAttendance.stream().map(a -> new AttendanceRow(a.member(), attendanceEdit.get(a.member().id()))).toList();
        groupSubgroups = subgroups.findByGroup(group.id());
        for (PlanEntry entry : due) {
            InstrumentDefinition def = instruments.current(entry.data().instrumentCode()).map(i -> i.definition()).orElse(null);
            if (def == null) {
                continue;
            }
            if (entry.data().raters().contains(Rater.MEMBER) && !observer) {
                addSheet(def, Rater.MEMBER, memberRows(def, attendance, stored), p -> memberSheet(def, p));
            }
            if (entry.data().raters().contains(Rater.LEADER) && isLeader()) {
                addSheet(def, Rater.LEADER, targetRows(def, Rater.LEADER, attendance, stored), p -> targetSheet(def, Rater.LEADER, p));
            }
            if (entry.data().raters().contains(Rater.OBSERVER) && observer) {
                addSheet(def, Rater.OBSERVER, targetRows(def, Rater.OBSERVER, attendance, stored), p -> targetSheet(def, Rater.OBSERVER, p));
            }
        }
        keep.forEach((sheetKey, values) -> {
            RatingSheet<?> sheet = sheets.get(sheetKey);
            if (sheet != null) {
                values.forEach((fieldKey, v) -> {
                    var f = sheet.fields().get(fieldKey);
                    if (f != null && f.isEnabled()) {
                        f.setValue(v);
                    }
                });
            }
        });
    }

    /** Every sheet's values as on screen, by sheet and field. */
    Map<String, Map<String, Double>> typedValues() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        sheets.forEach((key, sheet) -> {
            Map<String, Double> values = new java.util.HashMap<>();
            sheet.fields().forEach((fieldKey, f) -> values.put(fieldKey, f.getValue()));
            out.put(key, values);
        });
        return out;
    }

    /** One row per member of the group at this session: present, absent, late or left early. */
    private VerticalLayout attendanceSection() {
        VerticalLayout box = new VerticalLayout();
        box.setPadding(false);
        box.setId("attendance-section");
        H3 heading = new H3("Attendance");
        Button allPresent = new Button("Mark all present", e -> {
            bulkAttendance = true;
            attendanceFields.values().forEach(f -> {
                if (f.getValue() == null) {
                    f.setValue(AttendanceStatus.PRESENT);
                }
            });
            bulkAttendance = false;
            attendanceEdited();
        });
        allPresent.setId("att-all-present");
        HorizontalLayout head = new HorizontalLayout(heading, allPresent, attendanceState);
        head.setAlignItems(Alignment.BASELINE);
        head.addClassName("page-header");
        attendanceState.setId("attendance-state");
        attendanceState.setText("");
        Div grid = new Div();
        grid.addClassName("attendance-sheet");
        attendanceFields.clear();
        for (AttendanceRow a : storedAttendance) {
            RadioButtonGroup<AttendanceStatus> status = new RadioButtonGroup<>();
            status.setItems(AttendanceStatus.values());
            status.setItemLabelGenerator(AttendanceStatus::label);
            status.setValue(a.status());
            status.setId("att-" + a.member().code());
            status.setAriaLabel("Attendance of " + a.member().code());
            status.addValueChangeListener(e -> {
                attendanceEdit.put(a.member().id(), e.getValue());
                if (!bulkAttendance) {
                    attendanceEdited();
                }
            });
            attendanceFields.put(a.member().id(), status);
            grid.add(new Span(a.member().label()), status);
        }
        if (storedAttendance.isEmpty()) {
            grid.add(new Span("Nobody belongs to the group at this session."));
        }
        box.add(head, grid);
        return box;
    }

    /** Attendance changed on screen: the sheets' expected rows follow at once, typed values kept. */
    private void attendanceEdited() {
        attendanceChanged = storedAttendance.stream().anyMatch(a -> a.status() != attendanceEdit.get(a.member().id()));
        attendanceState.setText(attendanceChanged ? "Unsaved changes" : "");
        attendanceState.getElement().getClassList().set("sheet-unsaved", attendanceChanged);
        renderSheets(plans.dueAt(group.id(), session.number()), typedValues());
    }

    private HorizontalLayout saveAllBar() {
        saveAll = new Button(isLeader() ? "Save attendance and all sheets" : "Save all sheets", e -> saveAll(null));
        saveAll.setId("save-all");
        saveAll.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        // keyboard only: Ctrl+Enter saves from any field (the field being typed in is committed first)
        saveAll.addClickShortcut(Key.ENTER, KeyModifier.CONTROL).resetFocusOnActiveElement();
        saveAllError.addClassName("form-error");
        saveAllError.setId("save-all-error");
        saveAllError.setVisible(false);
        Span hint = new Span("Ctrl+Enter saves everything at once; nothing is stored unless all of it is valid.");
        hint.addClassName("facts");
        HorizontalLayout bar = new HorizontalLayout(saveAll, hint, saveAllError);
        bar.setAlignItems(Alignment.BASELINE);
        bar.addClassName("save-all-bar");
        return bar;
    }

    /**
     * Saves the attendance (if changed) and the changed forms of one sheet ({@code onlySheet}) or of
     * all sheets, in one transaction: a refused sheet shows its errors and nothing at all is stored.
     */
    void saveAll(String onlySheet) {
        saveAllError.setVisible(false);
        sheets.values().forEach(RatingSheet::clearErrors);
        List<String> keys = new ArrayList<>();
        List<SessionRecordingService.Sheet> toSave = new ArrayList<>();
        sheets.forEach((key, sheet) -> {
            if (onlySheet != null && !onlySheet.equals(key)) {
                return;
            }
            RatingSheet.Pending<?> pending = sheet.pending();
            if (!pending.isEmpty()) {
                keys.add(key);
                toSave.add(builders.get(key).apply(pending));
            }
        });
        if (!attendanceChanged && toSave.isEmpty()) {
            showSaveAllError("Nothing changed: there is nothing to save.");
            return;
        }
        try {
            recording.record(session.id(), session.version(), attendanceChanged ? new LinkedHashMap<>(attendanceEdit) : null, toSave);
        } catch (SessionRecordingService.SheetRefused refused) {
            RatingSheet<?> sheet = sheets.get(keys.get(refused.index()));
            sheet.showRejected(refused.reason());
            showSaveAllError("Nothing was saved: correct the marked fields in " + sheet.heading() + ".");
            return;
        } catch (ValidationException | ConcurrentEditException ex) {
            showSaveAllError("Nothing was saved. " + (ex instanceof ValidationException v ? String.join(" ", v.fieldErrors().values()) : ex.getMessage()));
            return;
        }
        Map<String, Map<String, Double>> keep = typedValues();
        boolean savedAttendance = attendanceChanged;
        session = sessions.get(session.id());
        render(keep);
        Notices.saved("Saved" + (savedAttendance ? " attendance" + (toSave.isEmpty() ? "" : " and") : "")
                + (toSave.isEmpty() ? "" : " " + toSave.size() + (toSave.size() == 1 ? " sheet" : " sheets")));
    }

    private void showSaveAllError(String message) {
        saveAllError.setText(message);
        saveAllError.setVisible(true);
    }

    private boolean isObserver() {
        return currentUser.get().map(p -> p.role() == org.groupalliance.security.Role.OBSERVER).orElse(false);
    }

    private boolean isLeader() {
        UserId me = currentUser.get().flatMap(p -> p.userId()).orElse(null);
        return me != null && group.leaders().stream().anyMatch(l -> l.userId().equals(me));
    }

    @SuppressWarnings("unchecked")
    private <T> void addSheet(InstrumentDefinition def, Rater rater, List<RatingSheet.Row<T>> rows,
                              java.util.function.Function<RatingSheet.Pending<T>, SessionRecordingService.Sheet> builder) {
        String heading = def.name() + " · " + switch (rater) {
            case MEMBER -> "completed by members";
            case LEADER -> "the leader's ratings";
            case OBSERVER -> "the observer's ratings";
        };
        String key = def.code() + "/" + rater.name();
        // a sheet's own Save stores that sheet (and attendance changed on this page) the same all-or-nothing way
        RatingSheet<T> sheet = new RatingSheet<>(spec(def), heading, rater.name(), rows, (toSave, responses) -> saveAll(key));
        sheets.put(key, sheet);
        builders.put(key, p -> builder.apply((RatingSheet.Pending<T>) p));
        sheetBox.add(sheet);
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

    private static SessionRecordingService.Sheet memberSheet(InstrumentDefinition def, RatingSheet.Pending<MemberId> p) {
        List<MemberForm> forms = new ArrayList<>();
        for (int i = 0; i < p.rows().size(); i++) {
            forms.add(new MemberForm(p.rows().get(i).target(), p.responses().get(i), version(p.rows().get(i))));
        }
        return new SessionRecordingService.MemberSheet(def.code(), forms);
    }

    private static SessionRecordingService.Sheet targetSheet(InstrumentDefinition def, Rater rater, RatingSheet.Pending<RatingTarget> p) {
        List<LeaderForm> forms = new ArrayList<>();
        for (int i = 0; i < p.rows().size(); i++) {
            forms.add(new LeaderForm(p.rows().get(i).target(), p.responses().get(i), version(p.rows().get(i))));
        }
        return new SessionRecordingService.TargetSheet(def.code(), rater, forms);
    }

    private List<RatingSheet.Row<MemberId>> memberRows(InstrumentDefinition def, List<AttendanceRow> attendance, List<Rating> stored) {
        Map<MemberId, Rating> mine = new LinkedHashMap<>();
        stored.stream().filter(r -> r.instrumentCode().equals(def.code()) && r.raterKind() == Rater.MEMBER).forEach(r -> mine.put(r.raterMember(), r));
        List<RatingSheet.Row<MemberId>> rows = new ArrayList<>();
        for (AttendanceRow a : attendance) {
            MemberId id = a.member().id();
            rows.add(new RatingSheet.Row<>(a.member().code(), id, a.expected(), a.note(), ApplicableItems.notApplicable(def, session.number(), id, groupSubgroups),
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
        if (ExpectedForms.ratesMembers(def)) {
            for (AttendanceRow a : attendance) {
                // the same rule as the members' forms: absent members (and everyone before attendance is taken) are not rated
                RatingTarget target = RatingTarget.member(a.member().id());
                rows.add(new RatingSheet.Row<>(a.member().code(), target, a.expected(), a.note(), ApplicableItems.notApplicable(def, session.number(), a.member().id(), groupSubgroups),
                        stored(mine.get(targetKey(target)))));
            }
        }
        // subgroups and the whole group exactly as the plan counts them as planned forms (ExpectedForms)
        for (RatingTarget target : ExpectedForms.targets(def, session, attendance, groupSubgroups)) {
            String label = switch (target.kind()) {
                case MEMBER -> null;
                case SUBGROUP -> groupSubgroups.stream().filter(sg -> sg.id().equals(target.subgroup())).findFirst().orElseThrow().name();
                case WHOLE_GROUP -> RatingTarget.WHOLE_GROUP_LABEL;
            };
            if (label != null) {
                rows.add(new RatingSheet.Row<>(label, target, true, "", stored(mine.get(targetKey(target)))));
            }
        }
        return rows;
    }

    private static String targetKey(RatingTarget t) {
        return t.kind() + ":" + (t.member() != null ? t.member().value() : t.subgroup() != null ? t.subgroup().value() : "");
    }
}
