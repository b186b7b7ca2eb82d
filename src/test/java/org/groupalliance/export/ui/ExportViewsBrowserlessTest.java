package org.groupalliance.export.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.vaadin.flow.component.html.Paragraph;
import org.groupalliance.base.SiteId;
import org.groupalliance.export.ExportableGroup;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The Export page driven without a browser on MariaDB. */
@MariaDbTest
class ExportViewsBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    Actors actors;
    Actors.Account leader;
    Actors.Account otherLeader;
    TestGroups.TestGroup own;
    TestGroups.TestGroup others;
    SiteId site;

    @Override
    protected AppUserPrincipal signIn() {
        actors = new Actors(applicationContext);
        site = actors.newSite();
        leader = actors.newUser(Role.FACILITATOR, site);
        otherLeader = actors.newUser(Role.FACILITATOR, site);
        own = TestGroups.closedGroup(applicationContext, leader, site, "Own ", 3);
        others = TestGroups.closedGroup(applicationContext, otherLeader, site, "Other ", 2);
        return leader.principal();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_facilitator_sees_only_own_groups_and_the_counts_before_exporting() {
        ExportView view = navigate(ExportView.class);
        assertThat(view.groups.getListDataView().getItems().map(ExportableGroup::name).toList()).containsExactly(own.group().data().name());
        assertThat($(Paragraph.class).withId("export-counts").single().getText()).contains("1 groups, 3 members, 0 sessions, 0 ratings");
        assertThat(view.download.isEnabled()).isTrue();
        assertThat(view.download.getHref()).isNotBlank();
    }

    @Test
    void a_researcher_sees_the_site_s_groups_under_neutral_labels_not_the_names_leaders_gave_them() {
        signInAs(actors.newUser(Role.RESEARCHER, site).principal());
        ExportView view = navigate(ExportView.class);
        List<ExportableGroup> listed = view.groups.getListDataView().getItems().toList();
        assertThat(listed).hasSizeGreaterThanOrEqualTo(2).allSatisfy(g -> assertThat(g.name()).matches("Group \\d+"));
        assertThat(listed).extracting(ExportableGroup::name).doesNotContain(own.group().data().name(), others.group().data().name())
                .doesNotHaveDuplicates();
    }

    @Test
    void an_observer_cannot_open_the_export_page() {
        signInAs(actors.newUser(Role.OBSERVER, null).principal());
        assertThatThrownBy(() -> navigate(ExportView.class)).isInstanceOf(Exception.class);
    }
}
