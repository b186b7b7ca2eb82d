package org.groupalliance.export;

/** A group the current user may export, as the page lists it: research ids, its name and site, and its modality. */
public record ExportableGroup(String researchId, String name, String siteResearchId, String siteName, String modality) {
}
