package org.groupalliance.export;

/**
 * One column of an export file as the codebook describes it.
 *
 * @param type       {@code string}, {@code integer} or {@code number}
 * @param values     allowed values and their labels ({@code 1=early; 2=middle}) or a range ({@code 0 to 10}); empty if free
 * @param missing    how missing is written ({@code empty}; {@code -8 = not applicable})
 * @param instrument instrument code and version(s) the column belongs to, if any
 * @param itemLabel  the item's neutral label (never licensed wording unless a site supplied it)
 * @param licence    the instrument's licence statement
 */
public record Variable(String file, String name, String label, String type, String values, String missing, String instrument,
                       String itemLabel, String licence) {

    static Variable of(String file, String name, String label, String type, String values) {
        return new Variable(file, name, label, type, values, "empty", "", "", "");
    }

    /** The research-id columns the files name their member, group and site by (the same label in every file). */
    static Variable memberId(String file) {
        return of(file, "member_id", "Member (research id)", "string", "");
    }

    static Variable groupId(String file) {
        return of(file, "group_id", "Group (research id)", "string", "");
    }

    static Variable siteId(String file) {
        return of(file, "site_id", "Site (research id)", "string", "");
    }

    static Variable leaderId(String file) {
        return of(file, "leader_id", "Group's first leader (research id)", "string", "");
    }
}
