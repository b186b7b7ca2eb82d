package org.groupalliance.insight.ui;

import java.io.ByteArrayInputStream;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import org.groupalliance.base.GroupId;
import org.groupalliance.insight.GroupReportService;

/**
 * "PDF report": the group report made on the server when clicked ({@link GroupReportService#pdf},
 * with the signed-in user's rights), downloaded as a file.
 */
class ReportLink extends Anchor {

    ReportLink(GroupReportService reports, GroupId group, String groupName) {
        super(DownloadHandler.fromInputStream(event -> {
            byte[] pdf = reports.pdf(group);
            return new DownloadResponse(new ByteArrayInputStream(pdf), GroupReportService.fileName(groupName), "application/pdf", pdf.length);
        }), "PDF report");
        setId("insight-pdf");
        getElement().setAttribute("download", true);
    }
}
