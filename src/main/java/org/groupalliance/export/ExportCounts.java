package org.groupalliance.export;

/** What an export with a filter will hold, shown before exporting. */
public record ExportCounts(int groups, int members, int sessions, int ratings, int outcomeForms) {
}
