package org.groupalliance.insight.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.groupalliance.insight.Association.Period;
import org.groupalliance.insight.AssociationDbFixture;
import org.groupalliance.roster.Group;
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
 * The association panel on the insight page, driven without a browser on MariaDB: group 1 of
 * association.R's data set (six members), the default sentence, the controls and the numbers table.
 */
@MariaDbTest
class AssociationPanelBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    Account anna;
    Group group;

    @Override
    protected AppUserPrincipal signIn() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        group = AssociationDbFixture.build(applicationContext, anna, anna, site, 1).group(1).group();
        return anna.principal();
    }

    @Test
    void the_insight_page_answers_in_one_sentence_and_shows_the_numbers_with_n_and_intervals() {
        InsightView view = navigate("groups/" + group.id().value() + "/insight", InsightView.class);
        AssociationPanel panel = view.association;
        assertThat(panel.getId()).contains("association-panel");
        assertThat(panel.sentence.getText()).startsWith("In this group, members who rated the alliance higher").contains("PHQ-9", "n = 6", "95 % CI");
        assertThat(panel.caveat.getText()).contains("describes the group; it is not evidence");
        assertThat(panel.measure.getValue().code()).isEqualTo("MEMBER-GROUP-ALLIANCE");
        assertThat(panel.period.getValue()).isEqualTo(Period.WHOLE);
        assertThat(panel.outcome.getValue().code()).isEqualTo("PHQ-9");

        var grid = test(panel.numbers);
        String phq = panel.outcome.getValue().name();
        assertThat(grid.getCellText(0, 0)).isEqualTo("This group: r of alliance with residualised gain (" + phq + ": higher is worse, so r < 0 = more improvement)");
        // the reliable-change row says the same direction as the residualised gain and the sentence (which says "improved more" for r < 0)
        assertThat(grid.getCellText(2, 0)).isEqualTo("This group: r of alliance with reliable-change index (" + phq + ": higher is worse, so r < 0 = more improvement)");
        assertThat(grid.getCellText(1, 0)).endsWith("(" + phq + ": higher is worse, so slope < 0 = more improvement)");
        assertThat(grid.getCellText(0, 2)).startsWith("−");
        assertThat(panel.sentence.getText()).contains("improved more", "r = " + grid.getCellText(0, 2) + " ");
        assertThat(grid.getCellText(0, 1)).isEqualTo("6");
        assertThat(grid.getCellText(0, 3)).contains(" to ");
        // one group: the pooled models are not shown as numbers, and the panel says why
        assertThat(panel.rows()).anySatisfy(r -> assertThat(r.what()).contains("Pooled over 1 group", "too few data"));
        assertThat(panel.rows()).filteredOn(r -> r.what().startsWith("Pooled")).allSatisfy(r -> assertThat(r.estimate()).isEqualTo("not shown"));
        assertThat(panel.notes.getElement().getTextRecursively()).contains("description, not evidence", "at least two groups");
        // every estimate row carries n
        assertThat(panel.rows()).allSatisfy(r -> assertThat(r.n()).isNotBlank());
        // agreement: rwg(j) per session, averaged over the 8 sessions (R: 0.941 for group 1, whole course); ICC(1) on members' means
        assertThat(panel.rows()).filteredOn(r -> r.what().startsWith("rwg(j)")).singleElement().satisfies(r -> {
            assertThat(r.what()).contains(", mean over 8 sessions (group mean ");
            assertThat(r.estimate()).isEqualTo("0.94");
        });
        assertThat(panel.rows()).anySatisfy(r -> assertThat(r.what()).isEqualTo("ICC(1) of members' mean alliance over the period, across groups"));

        String before = grid.getCellText(0, 2);
        panel.period.setValue(Period.EARLY);
        assertThat(test(panel.numbers).getCellText(0, 2)).isNotEqualTo(before);
        assertThat(test(panel.numbers).getCellText(0, 1)).isEqualTo("6");
    }
}
