package org.wideneck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.wideneck.core.archfixture.CoreClassUsingSpark;

/**
 * The three layers and their packages, enforced on the production classes: the numerical core imports
 * neither Spark nor the other layers, the Spark layer does not import the application, and no package
 * depends on itself through others.
 */
class LayeringTest {
    static final JavaClasses PRODUCTION = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.wideneck");

    static final ArchRule CORE_IS_PURE = noClasses().that().resideInAPackage("org.wideneck.core..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.wideneck.spark..", "org.wideneck.app..")
            .because("the numerical core has no Spark imports and knows nothing of orchestration or the application");

    static final ArchRule SPARK_ONLY_ORCHESTRATES = noClasses().that().resideInAPackage("org.wideneck.spark..")
            .should().dependOnClassesThat().resideInAPackage("org.wideneck.app..")
            .because("the Spark layer serves the application, not the other way round");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.wideneck.(**)").should().beFreeOfCycles();

    @Test
    void theCoreImportsNoSparkAndNoOuterLayer() {
        CORE_IS_PURE.check(PRODUCTION);
    }

    @Test
    void theSparkLayerDoesNotImportTheApplication() {
        SPARK_ONLY_ORCHESTRATES.check(PRODUCTION);
    }

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(PRODUCTION);
    }

    /** The rule is not vacuous: a core class that uses Spark (a test fixture) fails it. */
    @Test
    void aCoreClassThatUsesSparkFailsTheRule() {
        assertThrows(AssertionError.class, () -> CORE_IS_PURE.check(new ClassFileImporter().importClasses(CoreClassUsingSpark.class)));
    }
}
