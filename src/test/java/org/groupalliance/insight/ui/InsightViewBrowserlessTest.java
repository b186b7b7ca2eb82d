package org.groupalliance.insight.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.groupalliance.insight.InsightFixture;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.ui.GroupView;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The insight page, driven without a browser on MariaDB: linked first from the group page, chart, tables. */
@MariaDbTest
class InsightViewBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
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
    void the_group_page_links_to_insight_and_the_page_shows_chart_and_tables() {
        GroupView groupView = navigate(GroupView.class, group.id().value());
        var link = $(com.vaadin.flow.component.html.Anchor.class).id("insight-link");
        assertThat(link.getHref()).isEqualTo("groups/" + group.id().value() + "/insight");
        assertThat(groupView).isNotNull();

        InsightView view = navigate("groups/" + group.id().value() + "/insight", InsightView.class);
        assertThat(view.title.getText()).contains(group.name());
        assertThat(view.alerts.getId()).contains("insight-alerts");
        var chart = $(com.vaadin.flow.component.html.Div.class).id("chart-SESSION-ALLIANCE-4");
        assertThat(chart.getElement().getProperty("innerHTML")).contains("<svg", "Session alliance (total, 0–40)", "cut-off 36");
        assertThat(view.memberTables).hasSize(1);
        assertThat(test(view.memberTables.getFirst()).size()).isEqualTo(3);
        assertThat(test(view.memberTables.getFirst()).getCellText(0, 0)).endsWith("(Fictional One)");
        assertThat(test(view.memberTables.getFirst()).getCellText(0, 3)).isEqualTo("+7.00");
        // table view: six sessions of the members' mean, session 4 with n = 0
        assertThat(test(view.pointTables.getFirst()).size()).isEqualTo(6);
        assertThat(test(view.pointTables.getFirst()).getCellText(3, 3)).isEqualTo("0");
        assertThat($(com.vaadin.flow.component.html.Anchor.class).id("csv-points-SESSION-ALLIANCE-4").getText()).isEqualTo("Download chart numbers (CSV)");
        assertThat($(com.vaadin.flow.component.html.Anchor.class).id("csv-members-SESSION-ALLIANCE-4").getHref()).isNotBlank();
    }
}
