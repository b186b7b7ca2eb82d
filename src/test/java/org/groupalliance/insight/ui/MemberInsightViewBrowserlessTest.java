package org.groupalliance.insight.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.data.provider.SortDirection;
import org.groupalliance.insight.MemberInsightFixture;
import org.groupalliance.insight.MemberRow;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The members table's new columns (sortable, a row opens the member page), the completeness table
 * on the insight page, and the member page, driven without a browser on MariaDB.
 */
@MariaDbTest
class MemberInsightViewBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    Account anna;
    Account carl;
    Account olga;
    Account admin;
    MemberInsightFixture.Built fixture;

    @Override
    protected AppUserPrincipal signIn() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        Account ben = actors.newUser(Role.FACILITATOR, site);
        carl = actors.newUser(Role.FACILITATOR, site);
        olga = actors.newUser(Role.OBSERVER, site);
        admin = actors.newUser(Role.ADMIN, null);
        fixture = MemberInsightFixture.build(applicationContext, anna, ben, site);
        return anna.principal();
    }

    String insightAddress() {
        return "groups/" + fixture.group().id().value() + "/insight";
    }

    String memberAddress(int oneBased) {
        return insightAddress() + "/members/" + fixture.member(oneBased).id().value();
    }

    @Test
    void the_members_table_shows_outcome_and_congruence_sorts_and_a_row_opens_the_member_page() {
        InsightView view = navigate(insightAddress(), InsightView.class);
        var table = test(view.memberTables.getFirst());
        assertThat(view.memberTables.getFirst().getId()).contains("members-GTB-12");
        assertThat(table.getHeaderCell(9)).isEqualTo("Outcome change");
        assertThat(table.getHeaderCell(10)).isEqualTo("Own − leader (mean)");
        assertThat(table.getCellText(0, 8)).isEqualTo("+7.00 (since s3)");
        assertThat(table.getCellText(0, 9)).isEqualTo("PHQ-9 recovered");
        assertThat(table.getCellText(0, 10)).isEqualTo("+3.33 (n = 3)");
        assertThat(table.getCellText(0, 11)).isEqualTo("+0.14");
        assertThat(view.memberTables.getFirst().getColumnByKey("within-r")).as("no session outcome, no within-person column").isNull();
        assertThat(java.util.stream.IntStream.range(0, 12)).allSatisfy(i -> assertThat(table.isColumnSortable(i)).as("column %s", i).isTrue());
        // own minus leader: member 2 -5, member 1 +3.33, member 3 +7
        table.sortByColumn(10, SortDirection.ASCENDING);
        assertThat(java.util.stream.IntStream.range(0, 3).mapToObj(table::getRow).map(MemberRow::memberId))
                .containsExactly(fixture.member(2).id(), fixture.member(1).id(), fixture.member(3).id());
        // the member's code links to their page
        Anchor link = (Anchor) table.getCellComponent(0, 0);
        assertThat(link.getHref()).isEqualTo(memberAddress(2));
        table.clickRow(0);
        assertThat(getCurrentView()).isInstanceOf(MemberInsightView.class);
        assertThat(((MemberInsightView) getCurrentView()).insight().memberId()).isEqualTo(fixture.member(2).id());
    }

    @Test
    void the_insight_page_shows_completeness_per_session_and_member() {
        navigate(insightAddress(), InsightView.class);
        assertThat($(Paragraph.class).id("completeness-total").getText()).isEqualTo("17 of 22 planned forms received.");
        CompletenessPanel panel = $(CompletenessPanel.class).single();
        assertThat(test(panel.sessions).size()).isEqualTo(4);
        assertThat(test(panel.sessions).getCellText(2, 2)).isEqualTo("3 of 6");
        assertThat(test(panel.members).getCellText(1, 1)).isEqualTo("3 of 4");
        assertThat(test(panel.members).getCellText(0, 0)).endsWith("(Fictional Member)");
    }

    @Test
    void the_member_page_draws_own_and_leaders_lines_with_tables_and_csv() {
        MemberInsightView view = navigate(memberAddress(1), MemberInsightView.class);
        assertThat(view.title.getText()).startsWith(fixture.member(1).code()).contains("(Fictional Member)", fixture.group().name());
        assertThat(view.back.getHref()).isEqualTo(insightAddress());
        String svg = $(Div.class).id("member-chart-GTB-12").getElement().getProperty("innerHTML");
        assertThat(svg).contains("<svg", "Own rating", "Leaders about this member", "Alliance (total, 12–60)");
        assertThat($(Div.class).id("member-subscales-GTB-12").getElement().getProperty("innerHTML")).contains("Task", "Bond", "Goal");
        assertThat($(Paragraph.class).id("member-congruence-GTB-12").getText())
                .isEqualTo("Own rating minus the leaders' rating, over 3 paired sessions: mean +3.33, trend +0.14 per session.");
        assertThat(view.forms.getText()).isEqualTo("Planned forms received: 4 of 4 of their own; 3 of 4 about them by leaders and observers.");
        assertThat(view.changes.getText()).contains("PHQ-9: recovered (15.00 → 8.00, change -7.00)");
        assertThat(test(view.outcomes).size()).isEqualTo(2);
        assertThat(test(view.attendance).size()).isEqualTo(4);
        // the table view: own and leaders' totals at 4 sessions, three subscales at 4 sessions
        assertThat(test(view.pointTables.getFirst()).size()).isEqualTo(2 * 4 + 3 * 4);
        assertThat(test(view.itemTables.getFirst()).size()).isEqualTo(4);
        assertThat($(Anchor.class).id("member-csv-GTB-12").getHref()).isNotBlank();
        // no outcome at sessions in this plan: no within-person r, and the page says why
        assertThat($(Paragraph.class).id("member-within").getText()).startsWith("The plan measures no outcome at sessions");
        assertThat(view.insight().instruments()).allSatisfy(i -> assertThat(i.withinPerson()).isNull());
    }

    @Test
    void another_facilitator_and_an_observer_do_not_get_the_member_page_and_an_admin_sees_the_code_only() {
        signInAs(carl.principal());
        try {
            navigate(memberAddress(1), MemberInsightView.class);
        } catch (RuntimeException | AssertionError expected) {
            // not found (or refused) is shown instead of the view
        }
        assertThat(getCurrentView()).isNotInstanceOf(MemberInsightView.class);
        signInAs(olga.principal());
        try {
            navigate(memberAddress(1), MemberInsightView.class);
        } catch (RuntimeException | AssertionError expected) {
            // refused
        }
        assertThat(getCurrentView()).isNotInstanceOf(MemberInsightView.class);
        signInAs(admin.principal());
        MemberInsightView view = navigate(memberAddress(1), MemberInsightView.class);
        assertThat(view.title.getText()).startsWith(fixture.member(1).code() + " in ").doesNotContain("Fictional");
    }
}
