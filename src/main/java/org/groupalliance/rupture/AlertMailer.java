package org.groupalliance.rupture;

import java.util.List;

import org.groupalliance.base.GroupId;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Leader;
import org.groupalliance.rupture.internal.SettingRepository;
import org.groupalliance.security.SystemActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Tells a group's leaders by e-mail that something needs attention, when a member's own answers
 * raised an alert. Off unless {@code groupalliance.alerts.mail.enabled=true} and Spring Mail's
 * {@code spring.mail.host} are set. The message carries no clinical content: no group, member,
 * instrument or score, only a link to the Needs attention page where the leader signs in.
 */
@Component
class AlertMailer {

    static final String SUBJECT = "GroupAlliance: something needs your attention";
    private static final Logger LOG = LoggerFactory.getLogger(AlertMailer.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final GroupService groups;
    private final SettingRepository settings;
    private final boolean enabled;
    private final String from;
    private final String publicUrl;

    AlertMailer(ObjectProvider<JavaMailSender> sender, GroupService groups, SettingRepository settings,
                @Value("${groupalliance.alerts.mail.enabled:false}") boolean enabled,
                @Value("${groupalliance.alerts.mail.from:groupalliance@localhost}") String from,
                @Value("${groupalliance.public-url:http://localhost:8080}") String publicUrl) {
        this.sender = sender;
        this.groups = groups;
        this.settings = settings;
        this.enabled = enabled;
        this.from = from;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    /** Sends one message to each leader of the group who gave an address; failures are logged, never thrown. */
    void notifyLeaders(GroupId group) {
        JavaMailSender mail = sender.getIfAvailable();
        if (!enabled || mail == null) {
            return;
        }
        List<String> to = SystemActor.call(() -> settings.mailAddresses(groups.get(group).leaders().stream().map(Leader::userId).toList()));
        for (String address : to) {
            SimpleMailMessage m = new SimpleMailMessage();
            m.setFrom(from);
            m.setTo(address);
            m.setSubject(SUBJECT);
            m.setText(body(publicUrl));
            try {
                mail.send(m);
            } catch (MailException e) {
                LOG.warn("Alert e-mail could not be sent: {}", e.getMessage());
            }
        }
    }

    static String body(String publicUrl) {
        return "Something in one of your groups needs your attention.\n\nSign in to read it: " + publicUrl + "/attention\n\n"
                + "This message contains no details on purpose.";
    }
}
