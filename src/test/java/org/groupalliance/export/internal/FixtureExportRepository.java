package org.groupalliance.export.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.groupalliance.export.ExportData.GroupRow;
import org.groupalliance.export.ExportData.MemberRow;
import org.groupalliance.export.ExportData.OutcomeRow;
import org.groupalliance.export.ExportData.RatingRow;
import org.groupalliance.export.ExportData.SessionRow;
import org.groupalliance.export.ExportData.SubgroupSpan;

/**
 * The export's read model over rows held in memory (no database): the rows a test gives, streamed in
 * the order the real queries promise ({@link Order#BY_SESSION}: group, session, instrument, rating;
 * {@link Order#BY_MEMBER}: group, member, instrument, session number, rating), without a filter
 * (the test exports everything it gives).
 */
public class FixtureExportRepository extends ExportRepository {

    public final List<GroupRow> groups = new ArrayList<>();
    public final List<MemberRow> members = new ArrayList<>();
    public final List<SessionRow> sessions = new ArrayList<>();
    public final List<RatingRow> ratings = new ArrayList<>();
    public final List<OutcomeRow> outcomes = new ArrayList<>();

    public FixtureExportRepository() {
        super(null);
    }

    @Override
    public List<GroupRow> groups(Collection<Long> groupIds) {
        return groups.stream().filter(g -> groupIds.contains(g.id())).sorted(Comparator.comparingLong(GroupRow::id)).toList();
    }

    @Override
    public List<MemberRow> members(Collection<Long> groupIds) {
        return members.stream().filter(m -> groupIds.contains(m.groupId())).sorted(Comparator.comparingLong(MemberRow::id)).toList();
    }

    @Override
    public List<SessionRow> sessions(Collection<Long> groupIds, LocalDate from, LocalDate to) {
        return sessions.stream().filter(s -> groupIds.contains(s.groupId())).sorted(Comparator.comparingLong(SessionRow::id)).toList();
    }

    @Override
    public Map<Long, LocalDate> firstSessionDates(Collection<Long> groupIds) {
        Map<Long, LocalDate> first = new LinkedHashMap<>();
        sessions.forEach(s -> first.merge(s.groupId(), s.date(), (a, b) -> a.isBefore(b) ? a : b));
        return first;
    }

    @Override
    public Map<Long, Map<Long, String>> attendance(Collection<Long> sessionIds) {
        return Map.of();
    }

    @Override
    public List<SubgroupSpan> subgroupSpans(Collection<Long> groupIds) {
        return List.of();
    }

    @Override
    public List<OutcomeRow> outcomes(Collection<Long> groupIds, Set<String> instruments) {
        return outcomes.stream().filter(o -> groupIds.contains(o.groupId())).toList();
    }

    @Override
    public void ratings(Collection<Long> groupIds, LocalDate from, LocalDate to, Set<String> instruments, Order order, boolean withItems,
                        Consumer<RatingRow> each) {
        Map<Long, Integer> number = new LinkedHashMap<>();
        sessions.forEach(s -> number.put(s.id(), s.number()));
        Comparator<RatingRow> byGroup = Comparator.comparingLong(RatingRow::groupId);
        Comparator<RatingRow> sorted = switch (order) {
            case BY_SESSION -> byGroup.thenComparingLong(RatingRow::sessionId).thenComparing(RatingRow::instrumentCode).thenComparingLong(RatingRow::id);
            case BY_MEMBER -> byGroup.thenComparing(r -> r.targetMemberId() == null ? Long.MIN_VALUE : r.targetMemberId())
                    .thenComparing(RatingRow::instrumentCode).thenComparingInt(r -> number.get(r.sessionId())).thenComparingLong(RatingRow::id);
        };
        ratings.stream().filter(r -> groupIds.contains(r.groupId())).sorted(sorted)
                .map(r -> withItems ? r : new RatingRow(r.id(), r.groupId(), r.sessionId(), r.instrumentCode(), r.instrumentVersion(), r.raterKind(),
                        r.raterMemberId(), r.raterUserId(), r.targetKind(), r.targetMemberId(), r.targetSubgroupId(), new double[0], new boolean[0], r.total(),
                        r.subscales()))
                .forEach(each);
    }
}
