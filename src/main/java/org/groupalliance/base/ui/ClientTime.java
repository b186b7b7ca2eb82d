package org.groupalliance.base.ui;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Span;

/**
 * A stored UTC time shown in the viewer's own time zone, as their browser reports it: first in
 * UTC, then, once the browser has answered, in its zone (named, so nobody has to guess).
 */
public class ClientTime extends Span {

    private final LocalDateTime utc;
    private ZoneId zone = ZoneOffset.UTC;

    public ClientTime(LocalDateTime utc) {
        this.utc = utc;
        addClassName("client-time");
        setText(Dates.dateTime(utc, zone));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        event.getUI().getPage().retrieveExtendedClientDetails(details -> {
            zone = Dates.zone(details.getTimeZoneId());
            setText(Dates.dateTime(utc, zone));
        });
    }

    public ZoneId zone() {
        return zone;
    }
}
