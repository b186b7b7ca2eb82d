package org.groupalliance.insight.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.util.List;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.ListItem;
import org.groupalliance.insight.InsightFixture;
import org.groupalliance.roster.Group;
import org.groupalliance.rupture.Alert;
import org.groupalliance.rupture.AlertService;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The insight page's Alerts section and PDF link, for the group's leader, on MariaDB without a browser. */
@MariaDbTest
class InsightAlertsBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired AlertService alerts;
    Account anna;
    Group group;

    @Override
    protected AppUserPrincipal signIn() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        group = InsightFixture.build(applicationContext, anna, site).group();
        return anna.principal();
    }

    @Test
    void the_leader_sees_each_open_alert_with_rule_and_numbers_a_link_to_the_alerts_page_and_the_pdf_link() {
        List<Alert> active = as(anna, () -> alerts.forGroup(group.id())).stream().filter(a -> a.status() == Alert.Status.ACTIVE).toList();
        assertThat(active).isNotEmpty();
        navigate("groups/" + group.id().value() + "/insight", InsightView.class);
        List<String> items = $(ListItem.class).all().stream().filter(i -> i.hasClassName("insight-alert")).map(i -> i.getText()).toList();
        assertThat(items).hasSameSizeAs(active);
        for (int i = 0; i < active.size(); i++) {
            Alert a = active.get(i);
            assertThat(items.get(i)).contains("Session " + a.sessionNumber()).contains(a.rule().label()).contains(a.text());
        }
        assertThat($(Anchor.class).id("insight-alerts-link").getHref()).isEqualTo("alerts/" + group.id().value());
        assertThat($(Anchor.class).id("insight-pdf").getText()).isEqualTo("PDF report");
    }

    @Test
    void the_member_page_lists_that_members_open_alerts_and_no_one_elses() {
        List<Alert> active = as(anna, () -> alerts.forGroup(group.id())).stream()
                .filter(a -> a.status() == Alert.Status.ACTIVE && a.member() != null).toList();
        assertThat(active).as("the fixture raises member-level alerts").isNotEmpty();
        var member = active.getFirst().member();
        List<Alert> his = active.stream().filter(a -> member.equals(a.member())).toList();
        navigate(MemberInsightView.href(group.id(), member), MemberInsightView.class);
        List<String> items = $(ListItem.class).all().stream().filter(i -> i.hasClassName("insight-alert")).map(i -> i.getText()).toList();
        assertThat(items).hasSameSizeAs(his);
        for (int i = 0; i < his.size(); i++) {
            assertThat(items.get(i)).contains("Session " + his.get(i).sessionNumber()).contains(his.get(i).text());
        }
        assertThat($(Anchor.class).id("insight-alerts-link").getHref()).isEqualTo("alerts/" + group.id().value());
    }
}
