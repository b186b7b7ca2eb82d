package org.groupalliance.export;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.groupalliance.base.ValidationException;
import org.groupalliance.export.file.ZipWriter;
import org.groupalliance.export.internal.ExportRepository;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Role;
import org.groupalliance.security.Roles;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Research exports for the page, the API and the command line alike. Who may export what is
 * decided here and in SQL: researchers every group of their site, facilitators the groups they
 * lead, admins all; observers nothing. Every file is pseudonymised (research ids,
 * {@link ResearchIds}); every export is audited with its filter and channel.
 */
@Service
public class ExportService {

    /** The data files, in the zip's order (README.md comes last). */
    public static final List<String> FILES = List.of(ExportRun.LONG, ExportRun.WIDE, ExportRun.GROUP_SESSION, ExportRun.TARGET,
            OutcomeFile.NAME, RuptureFile.NAME, IdNumbers.NAME, Codebook.CSV, Codebook.MARKDOWN, SyntaxFiles.R, SyntaxFiles.SPSS, SyntaxFiles.SPSS_MIXED,
            StataSyntax.NAME, MplusFiles.INPUT, MplusFiles.DATA, HlmFiles.LEVEL1, HlmFiles.LEVEL2, HlmFiles.README);

    private static final String WHO = "hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.RESEARCHER + "')";

    private final ExportRepository repository;
    private final ResearchIds researchIds;
    private final InstrumentService instruments;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final Clock clock;

    ExportService(ExportRepository repository, ResearchIds researchIds, InstrumentService instruments, AuditLog audit, CurrentUser currentUser,
                  ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.researchIds = researchIds;
        this.instruments = instruments;
        this.audit = audit;
        this.currentUser = currentUser;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * The groups the current user may export. A researcher sees them as "Group 1", "Group 2", ... (ascending
     * internal id, as in the pooled statistics, decision 0016) with their research ids: the names leaders typed are
     * free text that may name a therapist or a place, and would tie each research id to a real group.
     */
    @PreAuthorize(WHO)
    @Transactional(readOnly = true)
    public List<ExportableGroup> groups() {
        Pseudonymiser p = researchIds.pseudonymiser();
        List<Long> ids = accessibleGroupIds();
        if (ids.isEmpty()) {
            return List.of();
        }
        boolean researcher = currentUser.require().role() == Role.RESEARCHER;
        List<ExportData.GroupRow> rows = repository.groups(ids).stream().sorted(java.util.Comparator.comparingLong(ExportData.GroupRow::id)).toList();
        List<ExportableGroup> out = new java.util.ArrayList<>();
        for (ExportData.GroupRow g : rows) {
            out.add(new ExportableGroup(p.id(Pseudonymiser.Kind.GROUP, g.id()), researcher ? "Group " + (out.size() + 1) : g.name(),
                    p.id(Pseudonymiser.Kind.SITE, g.siteId()), g.siteName(), g.modality().toLowerCase()));
        }
        return out;
    }

    /** Instrument codes with data in the groups the current user may export. */
    @PreAuthorize(WHO)
    @Transactional(readOnly = true)
    public List<String> instrumentCodes() {
        return repository.instrumentCodesUsed(accessibleGroupIds());
    }

    @PreAuthorize(WHO)
    @Transactional(readOnly = true)
    public ExportCounts count(ExportFilter filter) {
        List<Long> groupIds = selectGroups(filter);
        if (groupIds.isEmpty()) {
            return new ExportCounts(0, 0, 0, 0, 0);
        }
        var sessions = repository.sessions(groupIds, filter.from(), filter.to());
        return new ExportCounts(groupIds.size(), repository.members(groupIds).size(), sessions.size(),
                repository.countRatings(sessions.stream().map(ExportData.SessionRow::id).toList(), filter.instruments()),
                repository.countOutcomes(groupIds, filter.instruments()));
    }

    /** Streams the zip (every file of {@link #FILES} and README.md) and audits the export. */
    @PreAuthorize(WHO)
    @Transactional
    public void writeZip(ExportFilter filter, OutputStream out, String channel) {
        ExportRun run = prepare(filter);
        ZipWriter zip = new ZipWriter(out);
        for (String file : FILES) {
            write(run, file, zip.entry(file));
        }
        zip.finish(readme(filter, run, channel));
        audit(filter, run, channel, "zip");
    }

    /** Streams one file of {@link #FILES} and audits it. */
    @PreAuthorize(WHO)
    @Transactional
    public void writeFile(ExportFilter filter, String file, OutputStream out, String channel) {
        if (!FILES.contains(file)) {
            throw ValidationException.of("file", "unknown file '" + file + "' (files: " + String.join(", ", FILES) + ")");
        }
        ExportRun run = prepare(filter);
        write(run, file, out);
        audit(filter, run, channel, file);
    }

    private void write(ExportRun run, String file, OutputStream out) {
        Consumer<OutputStream> writer = switch (file) {
            case ExportRun.LONG -> run::writeLong;
            case ExportRun.WIDE -> o -> WideFile.write(run, o);
            case ExportRun.GROUP_SESSION -> o -> GroupSessionFile.write(run, o);
            case ExportRun.TARGET -> run::writeTarget;
            case OutcomeFile.NAME -> o -> OutcomeFile.write(run, o);
            case RuptureFile.NAME -> o -> RuptureFile.write(run, repository.ruptures(run.groups.keySet()), o);
            case IdNumbers.NAME -> o -> IdNumbers.write(run, o);
            case Codebook.CSV -> o -> Codebook.writeCsv(variables(run), MplusFiles.shortNames(run), o);
            case Codebook.MARKDOWN -> o -> Codebook.writeMarkdown(variables(run), run.used.values(), o);
            case SyntaxFiles.R -> o -> SyntaxFiles.writeR(run, o);
            case SyntaxFiles.SPSS -> o -> SyntaxFiles.writeSpss(run, o);
            case SyntaxFiles.SPSS_MIXED -> o -> SyntaxFiles.writeSpssMixed(run, o);
            case StataSyntax.NAME -> o -> StataSyntax.write(run, o);
            case MplusFiles.INPUT -> o -> MplusFiles.writeInput(run, o);
            case MplusFiles.DATA -> o -> MplusFiles.writeData(run, o);
            case HlmFiles.LEVEL1 -> o -> HlmFiles.writeLevel1(run, o);
            case HlmFiles.LEVEL2 -> o -> HlmFiles.writeLevel2(run, o);
            case HlmFiles.README -> o -> HlmFiles.writeReadme(run, o);
            default -> throw new IllegalArgumentException(file);
        };
        writer.accept(out);
        try {
            out.flush();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Variable> variables(ExportRun run) {
        List<Variable> all = new ArrayList<>();
        all.addAll(run.longVariables());
        all.addAll(WideFile.variables(run));
        all.addAll(GroupSessionFile.variables(run));
        all.addAll(run.targetVariables());
        all.addAll(OutcomeFile.variables(run));
        all.addAll(RuptureFile.variables());
        all.addAll(IdNumbers.variables());
        return all;
    }

    private ExportRun prepare(ExportFilter filter) {
        List<Long> groupIds = selectGroups(filter);
        return new ExportRun(researchIds.pseudonymiser(), repository, groupIds, filter.from(), filter.to(), filter.instruments(),
                key -> definition(key)).prepare();
    }

    private InstrumentDefinition definition(String key) {
        int colon = key.lastIndexOf(':');
        try {
            return instruments.get(key.substring(0, colon), Integer.parseInt(key.substring(colon + 1))).definition();
        } catch (org.groupalliance.base.NotFoundException e) {
            return null;
        }
    }

    /**
     * The accessible groups narrowed by the filter's sites and groups. A research id the user may
     * not export (another leader's group, or none at all) is refused as a whole, with one message
     * for both cases so that it reveals nothing.
     */
    private List<Long> selectGroups(ExportFilter filter) {
        Pseudonymiser p = researchIds.pseudonymiser();
        List<Long> accessible = accessibleGroupIds();
        var rows = accessible.isEmpty() ? List.<ExportData.GroupRow>of() : repository.groups(accessible);
        Set<String> knownGroups = new HashSet<>();
        Set<String> knownSites = new HashSet<>();
        for (var g : rows) {
            knownGroups.add(p.id(Pseudonymiser.Kind.GROUP, g.id()));
            knownSites.add(p.id(Pseudonymiser.Kind.SITE, g.siteId()));
        }
        for (String g : filter.groups()) {
            if (!knownGroups.contains(g)) {
                throw new AccessDeniedException("Group " + g + " was not found, or you may not export it");
            }
        }
        for (String s : filter.sites()) {
            if (!knownSites.contains(s)) {
                throw new AccessDeniedException("Site " + s + " was not found, or you may not export it");
            }
        }
        List<Long> selected = new ArrayList<>();
        for (var g : rows) {
            boolean site = filter.sites().isEmpty() || filter.sites().contains(p.id(Pseudonymiser.Kind.SITE, g.siteId()));
            boolean group = filter.groups().isEmpty() || filter.groups().contains(p.id(Pseudonymiser.Kind.GROUP, g.id()));
            if (site && group) {
                selected.add(g.id());
            }
        }
        return selected;
    }

    private List<Long> accessibleGroupIds() {
        AppUserPrincipal me = currentUser.require();
        if (me.role() == Role.OBSERVER) {
            throw new AccessDeniedException("Observers cannot export");
        }
        Long userId = me.userId().map(u -> u.value()).orElse(null);
        Long siteId = me.role() == Role.RESEARCHER && userId != null ? repository.siteOf(userId).orElse(null) : null;
        return repository.groupIdsFor(me.role().name(), userId, siteId);
    }

    private String readme(ExportFilter filter, ExportRun run, String channel) {
        StringBuilder sb = new StringBuilder();
        sb.append("# GroupAlliance research export\n\n");
        sb.append("- made: ").append(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS)).append(" (UTC)\n");
        sb.append("- software: GroupAlliance ").append(version()).append('\n');
        sb.append("- by: ").append(currentUser.actorName()).append(" (").append(channel).append(")\n");
        sb.append("- filter: ").append(filter.describe()).append('\n');
        sb.append("- groups: ").append(run.groups.size()).append(", members: ").append(run.members.size()).append(", sessions: ")
                .append(run.sessions.size()).append(", long rows: ").append(run.longRows).append(", target rows: ").append(run.targetRows).append('\n');
        sb.append("\nIds are research ids: a keyed hash (HMAC-SHA256) of internal ids with this installation's secret. They stay the same in\n"
                + "every export of this installation, so files from different months merge on them. The files hold no names, no free text,\n"
                + "no calendar dates (days count from each group's first session) and no internal ids.\n");
        sb.append("\nCSV: UTF-8, RFC 4180 (comma, CRLF), '.' decimal, header row; an empty cell is missing; in item columns ")
                .append(ExportRun.NOT_APPLICABLE).append(" means the row's instrument has no such item. A text cell starting with = + - @ is\n"
                        + "prefixed with ' so that spreadsheets do not run it.\n");
        sb.append("\nPrograms: analysis.R (R, lme4) and long.sps (SPSS/PSPP) are run on every build of GroupAlliance; mixed.sps (SPSS MIXED),\n"
                + "long.do (Stata), mplus.inp/mplus.dat (Mplus) and the HLM files are compared with reviewed golden files only: there is no\n"
                + "SPSS, Stata, Mplus or HLM licence on the build machines, so they have not been run there. mplus.dat and the HLM files use\n"
                + "numbers for ids (id_numbers.csv) and the short names in codebook.csv (short_name).\n");
        sb.append("\n## Instruments\n\n| code | version | name | licence | source |\n|---|---:|---|---|---|\n");
        for (InstrumentDefinition d : run.used.values()) {
            sb.append("| ").append(d.code()).append(" | ").append(d.version()).append(" | ").append(d.name()).append(" | ")
                    .append(oneLine(d.licence())).append(" | ").append(oneLine(d.source())).append(" |\n");
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace("|", "/");
    }

    static String version() {
        String v = ExportService.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private void audit(ExportFilter filter, ExportRun run, String channel, String what) {
        audit.record(AuditAction.EXPORT, "Export", null, null,
                "Exported " + what + " via " + channel + ": " + run.groups.size() + " groups, " + run.members.size() + " members, "
                        + run.longRows + " long rows; " + filter.describe(),
                null, Map.of("groups", run.groups.size(), "members", run.members.size(), "longRows", run.longRows));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
