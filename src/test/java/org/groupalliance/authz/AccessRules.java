package org.groupalliance.authz;

import static org.groupalliance.authz.AccessRules.Caller.ADMIN;
import static org.groupalliance.authz.AccessRules.Caller.LEADER;
import static org.groupalliance.authz.AccessRules.Caller.OBSERVER;
import static org.groupalliance.authz.AccessRules.Caller.OTHER_LEADER;
import static org.groupalliance.authz.AccessRules.Caller.OTHER_OBSERVER;
import static org.groupalliance.authz.AccessRules.Caller.RESEARCHER;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The declared access rule of every public method of every {@code @Service} class in
 * {@code org.groupalliance}: who may call it. {@link AuthorizationMatrixMariaDbTest} finds the
 * methods by scanning the classpath, fails naming any method without a line here, and runs every
 * method as every {@link Caller} against MariaDB, asserting allowed or refused as declared.
 *
 * <p>To add a service method: one line {@code rule("ClassSimpleName.method", Rule.X)} below (one
 * line covers all overloads of the name). A method not checked by role (the anonymous member side,
 * the audit writer, sign-in) is declared {@link #notByRole} with the reason; it is listed, not run.
 * A new parameter type gets its value in {@link AuthorizationMatrixMariaDbTest#argument}.
 */
final class AccessRules {

    /**
     * Who calls. The target of a call is always group A (its sessions, members, subgroups, alerts,
     * ruptures) or, for a user id, the account of {@link #LEADER}.
     */
    enum Caller {
        /** an admin */
        ADMIN,
        /** a facilitator who leads group A */
        LEADER,
        /** a facilitator of the same site who leads group B only */
        OTHER_LEADER,
        /** a researcher of the same site */
        RESEARCHER,
        /** an observer assigned to group A */
        OBSERVER,
        /** an observer assigned to group B only */
        OTHER_OBSERVER
    }

    /** A rule: the callers it admits. Everybody else must be refused (access denied or "not found"). */
    enum Rule {
        /** admins only */
        ADMIN_ONLY(ADMIN),
        /** changes to a group and everything in it, and leader-only reads: its own leaders and admins */
        LEADER_OR_ADMIN(ADMIN, LEADER),
        /** clinical notes (alerts, ruptures) and the leader's own actions (self-report): its own leaders, not admins */
        LEADER_ONLY(LEADER),
        /** reading a group's sessions, attendance and plan: its leaders, admins and its assigned observers */
        READ_GROUP(ADMIN, LEADER, OBSERVER),
        /** an observer's own ratings: the observer assigned to the group */
        ASSIGNED_OBSERVER(OBSERVER),
        /** role-wide, results filtered to the caller's own groups: admins and every facilitator */
        STAFF(ADMIN, LEADER, OTHER_LEADER),
        /** role-wide, results filtered to the caller's own groups: every facilitator */
        FACILITATORS(LEADER, OTHER_LEADER),
        /** role-wide, results filtered to the caller's assigned groups: every observer */
        OBSERVERS(OBSERVER, OTHER_OBSERVER),
        /** the research export: rows filtered in SQL to what the caller may export; observers never */
        EXPORTERS(ADMIN, LEADER, OTHER_LEADER, RESEARCHER),
        /** pooled summaries without clinical detail */
        ADMIN_OR_RESEARCHER(ADMIN, RESEARCHER),
        /** an account: an admin, or the user themself (the target is {@link Caller#LEADER}'s account) */
        SELF_OR_ADMIN(ADMIN, LEADER),
        /** every signed-in user (the library, sites, one's own password and tokens) */
        SIGNED_IN(Caller.values()),
        /** not checked by role; declared with the reason and not run */
        NOT_BY_ROLE();

        final Set<Caller> allowed;

        Rule(Caller... allowed) {
            this.allowed = allowed.length == 0 ? EnumSet.noneOf(Caller.class) : EnumSet.of(allowed[0], allowed);
        }
    }

    /** A declared rule, with the reason for {@link Rule#NOT_BY_ROLE}. */
    record Declared(Rule rule, String reason) {
    }

    /** "ClassSimpleName.method" to its rule. */
    static final Map<String, Declared> RULES = new TreeMap<>();

    private static void rule(String method, Rule rule) {
        if (RULES.put(method, new Declared(rule, null)) != null) {
            throw new IllegalStateException("declared twice: " + method);
        }
    }

    private static void notByRole(String method, String reason) {
        if (RULES.put(method, new Declared(Rule.NOT_BY_ROLE, reason)) != null) {
            throw new IllegalStateException("declared twice: " + method);
        }
    }

    static {
        // capture
        rule("ExpectedForms.completeness", Rule.LEADER_OR_ADMIN);
        rule("ExpectedForms.refresh", Rule.LEADER_OR_ADMIN);
        rule("ExpectedForms.breakdown", Rule.LEADER_OR_ADMIN);
        rule("MeasurementPlanService.plan", Rule.READ_GROUP);
        rule("MeasurementPlanService.dueAt", Rule.READ_GROUP);
        rule("MeasurementPlanService.save", Rule.LEADER_OR_ADMIN);
        rule("MeasurementPlanService.remove", Rule.LEADER_OR_ADMIN);
        rule("RatingService.forSession", Rule.READ_GROUP);
        rule("RatingService.recordMemberForms", Rule.LEADER_OR_ADMIN);
        rule("RatingService.recordLeaderRating", Rule.LEADER_OR_ADMIN);
        rule("RatingService.recordLeaderRatings", Rule.LEADER_OR_ADMIN);
        rule("RatingService.recordObserverRatings", Rule.ASSIGNED_OBSERVER);
        rule("RatingService.recordPaperRatings", Rule.LEADER_ONLY);
        rule("SessionRecordingService.record", Rule.READ_GROUP);
        rule("SelfReportService.open", Rule.LEADER_ONLY);
        rule("SelfReportService.close", Rule.LEADER_ONLY);
        rule("SelfReportService.renewPass", Rule.LEADER_ONLY);
        rule("SelfReportService.status", Rule.LEADER_OR_ADMIN);
        notByRole("SelfReportMemberService.enterWithLink", "the anonymous member side: admitted by link token (hash) while the window is open");
        notByRole("SelfReportMemberService.enterWithPin", "the anonymous member side: admitted by member code and PIN, throttled");
        notByRole("SelfReportMemberService.forms", "the anonymous member side: only the forms of the ticket's own member");
        notByRole("SelfReportMemberService.submit", "the anonymous member side: only the ticket's own member's answers");
        // export
        rule("ExportService.groups", Rule.EXPORTERS);
        rule("ExportService.instrumentCodes", Rule.EXPORTERS);
        rule("ExportService.count", Rule.EXPORTERS);
        rule("ExportService.writeZip", Rule.EXPORTERS);
        rule("ExportService.writeFile", Rule.EXPORTERS);
        notByRole("ResearchIds.run", "start-up: creates the installation's research secret once");
        notByRole("ResearchIds.pseudonymiser", "a keyed hash function; holds no data; used by the export inside its own checks");
        // importer: clinical data entry, the group's own leaders only (admins refused by role)
        rule("ImportService.targets", Rule.FACILITATORS);
        rule("ImportService.target", Rule.LEADER_ONLY);
        rule("ImportService.maxPlannedItems", Rule.LEADER_ONLY);
        rule("ImportService.check", Rule.LEADER_ONLY);
        rule("ImportService.importRows", Rule.LEADER_ONLY);
        // insight
        rule("InsightService.forGroup", Rule.LEADER_OR_ADMIN);
        rule("MemberInsightService.forMember", Rule.LEADER_OR_ADMIN);
        rule("MemberInsightService.completeness", Rule.LEADER_OR_ADMIN);
        rule("MemberInsightService.withinPerson", Rule.LEADER_OR_ADMIN);
        rule("GroupReportService.report", Rule.LEADER_OR_ADMIN);
        rule("GroupReportService.pdf", Rule.LEADER_OR_ADMIN);
        rule("GroupReportService.openAlerts", Rule.LEADER_OR_ADMIN); // admins get "not shown", no alert
        rule("AssociationService.options", Rule.LEADER_OR_ADMIN);
        rule("AssociationService.forGroup", Rule.LEADER_OR_ADMIN);
        rule("AssociationService.withinPersonByMember", Rule.LEADER_OR_ADMIN);
        rule("AssociationService.summaryFor", Rule.LEADER_OR_ADMIN);
        rule("AssociationService.pooled", Rule.EXPORTERS); // filtered in SQL to the caller's groups; researchers pseudonymised
        // measure
        rule("InstrumentService.findAll", Rule.SIGNED_IN);
        rule("InstrumentService.get", Rule.SIGNED_IN);
        rule("InstrumentService.current", Rule.SIGNED_IN);
        rule("InstrumentService.exportJson", Rule.SIGNED_IN);
        rule("InstrumentService.importJson", Rule.ADMIN_ONLY);
        rule("InstrumentService.saveNewVersion", Rule.ADMIN_ONLY);
        rule("InstrumentService.setRetired", Rule.ADMIN_ONLY);
        rule("InstrumentService.addMissingBuiltIns", Rule.ADMIN_ONLY);
        // outcome
        rule("OutcomeService.planned", Rule.LEADER_OR_ADMIN);
        rule("OutcomeService.forGroup", Rule.LEADER_OR_ADMIN);
        rule("OutcomeService.record", Rule.LEADER_OR_ADMIN);
        rule("OutcomeService.change", Rule.LEADER_OR_ADMIN);
        // roster
        rule("GroupService.findMyGroups", Rule.STAFF);
        rule("GroupService.get", Rule.READ_GROUP);
        rule("GroupService.findObservedGroups", Rule.OBSERVERS);
        rule("GroupService.observers", Rule.LEADER_OR_ADMIN);
        rule("GroupService.assignObserver", Rule.LEADER_OR_ADMIN);
        rule("GroupService.unassignObserver", Rule.LEADER_OR_ADMIN);
        rule("GroupService.template", Rule.STAFF);
        rule("GroupService.create", Rule.STAFF);
        rule("GroupService.phaseChanges", Rule.LEADER_OR_ADMIN);
        rule("GroupService.reassignPhases", Rule.LEADER_OR_ADMIN);
        rule("GroupService.update", Rule.LEADER_OR_ADMIN);
        rule("MemberService.findByGroup", Rule.LEADER_OR_ADMIN);
        rule("MemberService.get", Rule.LEADER_OR_ADMIN);
        rule("MemberService.add", Rule.LEADER_OR_ADMIN);
        rule("MemberService.update", Rule.LEADER_OR_ADMIN);
        rule("SessionService.findByGroup", Rule.READ_GROUP);
        rule("SessionService.get", Rule.READ_GROUP);
        rule("SessionService.attendance", Rule.READ_GROUP);
        rule("SessionService.nextSessionNumber", Rule.LEADER_OR_ADMIN);
        rule("SessionService.create", Rule.LEADER_OR_ADMIN);
        rule("SessionService.update", Rule.LEADER_OR_ADMIN);
        rule("SessionService.delete", Rule.LEADER_OR_ADMIN);
        rule("SessionService.recordAttendance", Rule.LEADER_OR_ADMIN);
        rule("SubgroupService.findByGroup", Rule.READ_GROUP);
        rule("SubgroupService.create", Rule.LEADER_OR_ADMIN);
        rule("SubgroupService.update", Rule.LEADER_OR_ADMIN);
        // rupture
        rule("AlertService.needsAttention", Rule.FACILITATORS);
        rule("AlertService.forGroup", Rule.LEADER_ONLY);
        rule("AlertService.get", Rule.LEADER_ONLY);
        rule("AlertService.dismiss", Rule.LEADER_ONLY);
        rule("AlertService.saveSetting", Rule.LEADER_ONLY);
        rule("AlertService.ruleSettings", Rule.LEADER_ONLY);
        rule("AlertService.openForGroup", Rule.LEADER_ONLY);
        rule("AlertService.openForMember", Rule.LEADER_ONLY);
        rule("AlertService.mailAddress", Rule.FACILITATORS);
        rule("AlertService.saveMailAddress", Rule.FACILITATORS);
        rule("RuptureEvaluation.evaluate", Rule.ADMIN_ONLY);
        rule("RuptureEvaluation.evaluateFrom", Rule.ADMIN_ONLY);
        rule("RuptureExportService.structuredForExport", Rule.EXPORTERS); // groups filtered to what the caller may export
        rule("RuptureService.get", Rule.LEADER_ONLY);
        rule("RuptureService.forGroup", Rule.LEADER_ONLY);
        rule("RuptureService.open", Rule.LEADER_ONLY);
        rule("RuptureService.openFromAlert", Rule.LEADER_ONLY);
        rule("RuptureService.recordStep", Rule.LEADER_ONLY);
        rule("RuptureService.plan", Rule.LEADER_ONLY);
        rule("RuptureService.close", Rule.LEADER_ONLY);
        rule("RuptureService.ratingsAfter", Rule.LEADER_ONLY);
        rule("RuptureService.members", Rule.LEADER_ONLY);
        rule("RuptureService.subgroups", Rule.LEADER_ONLY);
        rule("RuptureSummaryService.forGroup", Rule.LEADER_ONLY);
        rule("RuptureSummaryService.forMyGroups", Rule.FACILITATORS);
        rule("RuptureSummaryService.pooled", Rule.ADMIN_OR_RESEARCHER);
        // security
        rule("ApiTokenService.createOwn", Rule.SIGNED_IN);
        rule("ApiTokenService.createFor", Rule.ADMIN_ONLY);
        rule("ApiTokenService.mine", Rule.SIGNED_IN);
        rule("ApiTokenService.revoke", Rule.SELF_OR_ADMIN);
        notByRole("ApiTokenService.authenticate", "the /api/v1 bearer chain: admits the token's owner, before anyone is signed in");
        notByRole("AuditLog.record", "every feature writes its own audit rows inside its own transaction");
        notByRole("AuditLog.recordAs", "the anonymous member side and system jobs write audit rows under their own name");
        notByRole("AuditLog.recordFor", "sign-in events, before anyone is signed in");
        rule("AuditChain.verify", Rule.ADMIN_ONLY);
        rule("AuditLog.search", Rule.ADMIN_ONLY);
        rule("AuditLog.entityTypes", Rule.ADMIN_ONLY);
        rule("SiteService.findAll", Rule.SIGNED_IN);
        rule("SiteService.findById", Rule.SIGNED_IN);
        rule("SiteService.create", Rule.ADMIN_ONLY);
        rule("SiteService.rename", Rule.ADMIN_ONLY);
        rule("UserService.findAll", Rule.ADMIN_ONLY);
        rule("UserService.findFacilitators", Rule.STAFF);
        rule("UserService.findObservers", Rule.STAFF);
        rule("UserService.findById", Rule.SELF_OR_ADMIN);
        rule("UserService.create", Rule.ADMIN_ONLY);
        rule("UserService.update", Rule.ADMIN_ONLY);
        rule("UserService.resetPassword", Rule.ADMIN_ONLY);
        rule("UserService.changeOwnPassword", Rule.SIGNED_IN);
        notByRole("UserService.createFirstAdminIfNone", "first start: creates the first admin when there is no account at all");
        notByRole("AppUserDetailsService.loadUserByUsername", "Spring Security's sign-in, before anyone is signed in");
    }

    private AccessRules() {
    }
}
