package dev.sandstone.local.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module boundaries that keep the sides deployable apart, checked on every build. */
@AnalyzeClasses(packages = "dev.sandstone", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_query_side_never_uses_the_command_side = noClasses()
            .that().resideInAnyPackage("dev.sandstone.query..", "dev.sandstone.queryside..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.sandstone.command..", "dev.sandstone.commandside..");

    @ArchTest
    static final ArchRule the_command_side_never_uses_the_query_side = noClasses()
            .that().resideInAnyPackage("dev.sandstone.command..", "dev.sandstone.commandside..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.sandstone.query..", "dev.sandstone.queryside..");

    @ArchTest
    static final ArchRule the_contract_depends_on_nothing_but_java_and_axon_annotations = classes()
            .that().resideInAPackage("dev.sandstone.api..")
            .should().onlyDependOnClassesThat(
                    com.tngtech.archunit.base.DescribedPredicate.describe("java.*, dev.sandstone.api.* or an Axon annotation",
                            type -> type.getPackageName().startsWith("java.")
                                    || type.getPackageName().startsWith("dev.sandstone.api")
                                    || type.isPrimitive()
                                    || (type.isArray() && (type.getBaseComponentType().isPrimitive()
                                        || type.getBaseComponentType().getPackageName().startsWith("java.")
                                        || type.getBaseComponentType().getPackageName().startsWith("dev.sandstone.api")))
                                    || (type.getPackageName().startsWith("org.axonframework") && type.isAnnotation())));

    @ArchTest
    static final ArchRule the_platform_knows_neither_side = noClasses()
            .that().resideInAPackage("dev.sandstone.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.sandstone.command..", "dev.sandstone.query..",
                    "dev.sandstone.commandside..", "dev.sandstone.queryside..", "dev.sandstone.local..");

    @ArchTest
    static final ArchRule the_contract_holds_no_framework_components = noClasses()
            .that().resideInAPackage("dev.sandstone.api..")
            .should().beAnnotatedWith("org.springframework.stereotype.Component");
}
