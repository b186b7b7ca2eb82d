package org.groupalliance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The feature-package boundaries of docs/architecture.md, enforced on every build. The features are
 * not listed by hand: every top-level package under {@code org.groupalliance} (except the generated
 * {@code jooq}) is a feature, so a feature added later is checked by the same rules.
 */
class ArchitectureTest {

    static final String BASE = "org.groupalliance";
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);
    /** Packages that are not features: generated code. */
    static final Set<String> NOT_FEATURES = Set.of("jooq");
    /** Features whose root package holds views by design: the application frame. */
    static final Set<String> VIEW_FEATURES = Set.of("shell");

    /** Every top-level package under {@code org.groupalliance} that holds classes, e.g. base, security, roster, capture, shell. */
    static List<String> features() {
        return CLASSES.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith(BASE + "."))
                .map(p -> p.substring(BASE.length() + 1).split("\\.")[0]).filter(f -> !NOT_FEATURES.contains(f)).distinct().sorted().toList();
    }

    @Test
    void the_feature_list_is_derived_from_the_packages() {
        assertThat(features()).contains("analysis", "base", "capture", "demo", "measure", "outcome", "roster", "security", "shell");
    }

    @Test
    void feature_packages_are_free_of_cycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void internal_packages_are_used_only_by_their_own_feature() {
        for (String feature : features()) {
            noClasses().that().resideOutsideOfPackage(BASE + "." + feature + "..")
                    .should().dependOnClassesThat().resideInAPackage(BASE + "." + feature + ".internal..")
                    .because("a feature's jOOQ code is private to it; others use its service API")
                    .allowEmptyShould(true)
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
    void one_features_views_never_use_another_features_views() {
        for (String feature : features()) {
            if (VIEW_FEATURES.contains(feature)) {
                continue; // the frame's menu links every feature's views
            }
            for (String other : features()) {
                if (other.equals(feature) || other.equals("base")) {
                    continue; // shared widgets live in base.ui
                }
                noClasses().that().resideInAPackage(BASE + "." + feature + "..")
                        .should().dependOnClassesThat().resideInAPackage(BASE + "." + other + ".ui..")
                        .because("a widget two features share belongs in base.ui")
                        .allowEmptyShould(true)
                        .check(CLASSES);
            }
        }
    }

    @Test
    void feature_apis_do_not_depend_on_views() {
        for (String feature : features()) {
            if (VIEW_FEATURES.contains(feature)) {
                continue;
            }
            // SecurityConfig names the login view, as Vaadin's configurer requires
            noClasses().that().resideInAnyPackage(BASE + "." + feature, BASE + "." + feature + ".internal..")
                    .and().doNotHaveSimpleName("SecurityConfig")
                    .should().dependOnClassesThat().resideInAPackage("..ui..")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
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
        String[] others = features().stream().filter(f -> !f.equals("base")).map(f -> BASE + "." + f + "..").toArray(String[]::new);
        noClasses().that().resideInAPackage(BASE + ".base..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .check(CLASSES);
    }

    @Test
    void repositories_live_in_internal_packages() {
        classes().that().areAnnotatedWith(org.springframework.stereotype.Repository.class)
                .should().resideInAPackage("..internal..")
                .check(CLASSES);
    }
}
