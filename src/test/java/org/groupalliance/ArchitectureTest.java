package org.groupalliance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature-package boundaries of docs/architecture.md, enforced on every build. */
class ArchitectureTest {

    static final String BASE = "org.groupalliance";
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void feature_packages_are_free_of_cycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void internal_packages_are_used_only_by_their_own_feature() {
        for (String feature : new String[] {"security", "roster", "measure", "capture", "outcome", "export"}) {
            noClasses().that().resideOutsideOfPackage(BASE + "." + feature + "..")
                    .should().dependOnClassesThat().resideInAPackage(BASE + "." + feature + ".internal..")
                    .because("a feature's jOOQ code is private to it; others use its service API")
                    .check(CLASSES);
        }
    }

    @Test
    void views_never_touch_jooq_or_internal_code() {
        noClasses().that().resideInAPackage("..ui..")
                .should().dependOnClassesThat().resideInAnyPackage("..internal..", BASE + ".jooq..", "org.jooq..")
                .check(CLASSES);
    }

    @Test
    void feature_apis_do_not_depend_on_views() {
        // SecurityConfig names the login view, as Vaadin's configurer requires
        noClasses().that().resideInAnyPackage(BASE + ".security", BASE + ".roster", BASE + ".demo", BASE + ".base", BASE + ".measure", BASE + ".capture",
                        BASE + ".outcome", BASE + ".export")
                .and().doNotHaveSimpleName("SecurityConfig")
                .should().dependOnClassesThat().resideInAPackage("..ui..")
                .check(CLASSES);
    }

    @Test
    void generated_jooq_code_is_used_only_inside_internal_packages() {
        noClasses().that().resideOutsideOfPackages("..internal..", BASE + ".jooq..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".jooq..")
                .check(CLASSES);
    }

    @Test
    void the_statistics_engine_depends_only_on_the_jdk_and_commons_math() {
        classes().that().resideInAPackage(BASE + ".analysis..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.apache.commons.math3..", BASE + ".analysis..")
                .because("analysis is a pure library: no Spring, no database, no Vaadin")
                .check(CLASSES);
    }

    @Test
    void base_depends_on_no_feature() {
        noClasses().that().resideInAPackage(BASE + ".base..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".security..", BASE + ".roster..", BASE + ".demo..", BASE + ".shell..",
                        BASE + ".measure..", BASE + ".capture..", BASE + ".outcome..", BASE + ".export..")
                .check(CLASSES);
    }

    @Test
    void repositories_live_in_internal_packages() {
        classes().that().areAnnotatedWith(org.springframework.stereotype.Repository.class)
                .should().resideInAPackage("..internal..")
                .check(CLASSES);
    }
}
