package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Principal;
import io.credagent.it.apps.AttachApp;
import io.credagent.it.apps.CallerIdentityCalls;
import io.credagent.it.apps.RefusingLoaderApp;
import io.credagent.it.apps.V1BuilderApp;
import io.credagent.it.apps.V2App;
import io.credagent.it.osgi.AppActivator;
import io.credagent.it.osgi.Bundles;
import io.credagent.it.osgi.OsgiHost;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Class loaders that do not delegate {@code io.credagent.bootstrap} to the bootstrap loader: OSGi
 * frameworks with their default (strict) boot delegation, and a host's own package-filtering loader.
 * The prologue calls the bridge there too; before credagent took care of it, the first credential
 * lookup inside such a loader threw {@code NoClassDefFoundError: io/credagent/bootstrap/CredentialBridge}
 * into the application, even with plain keys in the environment.
 *
 * <p>Apache Felix and Eclipse Equinox run embedded in the child JVM with nothing configured but a
 * storage directory. The SDK v1 runs as its own bundle exporting its packages (as AWS's
 * {@code aws-java-sdk-osgi} did; that artifact is not served here) with the app in a second bundle;
 * SDK v2 is embedded in the app's bundle.
 */
class BootDelegationIT extends AgentScenario {
    private static final String ROLE = "Developer";
    /** The SDK v1 STS client's jars in this module's class path (their path contains one of these). */
    private static final String[] V1_SDK = {"/com/amazonaws/aws-java-sdk-core/", "/aws-java-sdk-sts/", "/jmespath-java/",
            "/commons-logging/", "/commons-codec/", "/httpcomponents/httpclient/", "/httpcomponents/httpcore/",
            "/com/fasterxml/", "/joda-time/"};
    /** The SDK v2 STS client's jars, with the Apache 5 HTTP client. */
    private static final String[] V2_SDK = {"/software/amazon/", "/org/slf4j/", "/org/reactivestreams/",
            "/httpcomponents/client5/", "/httpcomponents/core5/"};

    enum Framework {
        FELIX("fixture.felix.classpath", "org.apache.felix.framework"),
        EQUINOX("fixture.equinox.classpath", "org.eclipse.osgi");

        final String classpathProperty;
        final String symbolicName;

        Framework(String classpathProperty, String symbolicName) {
            this.classpathProperty = classpathProperty;
            this.symbolicName = symbolicName;
        }

        /** The framework's class path after the host's classes (the test classes). */
        List<String> hostClasspath() {
            List<String> classpath = new ArrayList<>(List.of(testClasses().toString()));
            classpath.addAll(ChildJvm.classpathFrom(classpathProperty));
            return classpath;
        }
    }

    private final String ssoRoleArn = FakeAws.ssoRoleArn(ACCOUNT, ROLE);


    // ---- OSGi ------------------------------------------------------------------------------------

    /** Each framework with SDK v1 (a bundle of its own) and SDK v2 (embedded in the app's bundle). */
    static Stream<Arguments> frameworksAndSdks() {
        return Arrays.stream(Framework.values()).flatMap(f -> Stream.of(Arguments.of(f, App.V1_BUILDER), Arguments.of(f, App.V2)));
    }

    @ParameterizedTest
    @MethodSource("frameworksAndSdks")
    @Tag("second-jdk")
    void sdkBundleAnswersFromSsoSessionProfile(Framework framework, App app) throws IOException {
        ssoSessionProfile(ROLE);
        ChildJvm.Result result = run(osgi(framework, app, 2).agent(null).env("AWS_PROFILE", "dev"));
        assertRanIn(framework, result);
        assertCalledAs(result, ssoRoleArn, 2);
        assertNoStepAside(result);
    }

    @ParameterizedTest
    @EnumSource(Framework.class)
    void staticKeysInTheEnvironmentKeepWorkingInsideABundle(Framework framework) throws IOException {
        Principal user = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/env-user");
        ChildJvm.Result result = run(osgi(framework, App.V1_BUILDER, 1).agent(null)
                .env("AWS_ACCESS_KEY_ID", user.accessKeyId()).env("AWS_SECRET_ACCESS_KEY", user.secretAccessKey()));
        assertRanIn(framework, result);
        assertCalledAs(result, user.arn(), 1);
        assertNoStepAside(result);
    }

    /** Felix's loader and the bundle's SDK classes were loaded before the agent: retransformed, loader first. */
    @Test
    @Tag("second-jdk")
    void attachingToARunningFrameworkSwitchesItsBundleFromStaticKeysToTheSsoRole() throws IOException {
        Principal user = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/env-user");
        ssoSessionProfile(ROLE);
        Path trigger = home.resolve("attached");
        Path bundles = Files.createDirectories(home.resolve("bundles"));
        String app = Bundles.named("app").embed(sdkJars(V1_SDK)).embed(sdkJars(V2_SDK)).activator(AppActivator.class)
                .withClasses(AttachApp.class).writeTo(bundles).toString();
        ChildJvm.Running running = scenarioEnvironment(ChildJvm.main(OsgiHost.class, home.resolve("osgi-storage").toString(),
                        AttachApp.class.getName(), fake.endpoint() + "," + trigger, app)
                .classpathOnly(Framework.FELIX.hostClasspath()), App.V1_BUILDER)
                .env("AWS_ACCESS_KEY_ID", user.accessKeyId()).env("AWS_SECRET_ACCESS_KEY", user.secretAccessKey())
                .start();
        running.awaitStdoutLines("WAITING", 1, TIMEOUT);

        attach(running.pid(), "profile=dev");
        Files.createFile(trigger);
        ChildJvm.Result result = running.finish(TIMEOUT);

        result.assertExitCode(0);
        assertEquals(List.of("ARN=" + user.arn(), "ARN=" + user.arn(), "ARN=" + ssoRoleArn, "ARN=" + ssoRoleArn),
                arnLines(result), result.describe());
        assertEquals(1, fake.count("GetRoleCredentials"));
        assertNoStepAside(result);
        SecretLeaks.assertNoneLeaked(fake, result);
    }

    @Test
    void controlSdkV1BundleWithoutAgentCannotUseSso() throws IOException {
        ssoSessionProfile(ROLE);
        ChildJvm.Result result = run(osgi(Framework.FELIX, App.V1_BUILDER, 1).noAgent().env("AWS_PROFILE", "dev"));
        assertRanIn(Framework.FELIX, result);
        String error = assertAppFailed(result);
        assertTrue(error.startsWith("com.amazonaws.SdkClientException: Unable to load AWS credentials"), result.describe());
        assertEquals(0, fake.callerIdentityCalls().size());
    }

    // ---- JBoss Modules ------------------------------------------------------------------------------

    @Test
    @Tag("second-jdk")
    void sdkV2InAJBossModuleAnswersFromSsoSessionProfile() throws IOException {
        ssoSessionProfile(ROLE);
        ChildJvm.Result result = run(jbossModule(App.V2, 2).agent(null).env("AWS_PROFILE", "dev"));
        assertCalledAs(result, ssoRoleArn, 2);
        assertNoStepAside(result);
    }

    @Test
    void controlSdkV2InAJBossModuleWithoutAgentCannotUseSso() throws IOException {
        ssoSessionProfile(ROLE);
        ChildJvm.Result result = run(jbossModule(App.V2, 1).noAgent().env("AWS_PROFILE", "dev"));
        String error = assertAppFailed(result);
        assertTrue(error.startsWith("software.amazon.awssdk.core.exception.SdkClientException"), result.describe());
        assertEquals(0, fake.callerIdentityCalls().size());
    }

    // ---- a loader that refuses credagent's classes -----------------------------------------------

    @Test
    @Tag("second-jdk")
    void refusingLoaderRunsTheAppAsWithoutTheAgentAndSaysSoOnce() {
        Principal user = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/env-user");
        ssoSessionProfile(ROLE);
        ChildJvm child = refusingLoader(App.V1_BUILDER, 2).agent("profile=dev")
                .env("AWS_ACCESS_KEY_ID", user.accessKeyId()).env("AWS_SECRET_ACCESS_KEY", user.secretAccessKey());
        ChildJvm.Result result = run(child);

        // Exactly what the app does without the agent: its own chain finds the environment keys.
        assertCalledAs(result, user.arn(), 2);
        assertEquals(0, fake.count("GetRoleCredentials"));
        List<String> stepAside = credagentLines(result).stream().filter(l -> l.contains("cannot answer")).toList();
        assertEquals(1, stepAside.size(), result.describe());
        String line = stepAside.get(0);
        assertTrue(line.contains("com.amazonaws.auth.AWSCredentialsProviderChain"), line);
        assertTrue(line.contains("RefusingLoader"), line);
        assertTrue(line.contains("io.credagent.bootstrap"), line);
    }

    @Test
    void controlRefusingLoaderWithoutAgent() {
        Principal user = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/env-user");
        ChildJvm.Result result = run(refusingLoader(App.V1_BUILDER, 2).noAgent()
                .env("AWS_ACCESS_KEY_ID", user.accessKeyId()).env("AWS_SECRET_ACCESS_KEY", user.secretAccessKey()));
        assertCalledAs(result, user.arn(), 2);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The app in a bundle of its own framework, its SDK as a bundle (v1) or embedded (v2). */
    private ChildJvm osgi(Framework framework, App app, int calls) throws IOException {
        Path bundles = Files.createDirectories(home.resolve("bundles"));
        List<String> args = new ArrayList<>(List.of(home.resolve("osgi-storage").toString(), app.mainClass.getName(),
                fake.endpoint() + "," + calls));
        if (app.sdkV1) {
            args.add(Bundles.named("sdk.v1").embed(sdkJars(V1_SDK))
                    .exportEmbedded().writeTo(bundles).toString());
            args.add(Bundles.named("app").requireBundle("sdk.v1").activator(AppActivator.class)
                    .withClasses(V1BuilderApp.class, CallerIdentityCalls.class)
                    .writeTo(bundles).toString());
        } else {
            args.add(Bundles.named("app").embed(sdkJars(V2_SDK))
                    .activator(AppActivator.class)
                    .withClasses(V2App.class, CallerIdentityCalls.class)
                    .writeTo(bundles).toString());
        }
        ChildJvm child = ChildJvm.main(OsgiHost.class, args.toArray(new String[0]))
                .classpathOnly(framework.hostClasspath());
        return scenarioEnvironment(child, app);
    }

    /**
     * The app as a JBoss Modules module ({@code java -jar jboss-modules.jar -mp <repo> app}): its
     * classes and its SDK v2 as resource roots, the JDK as module dependencies, nothing else.
     */
    private ChildJvm jbossModule(App app, int calls) throws IOException {
        Path moduleDir = Files.createDirectories(home.resolve("modules/app/main"));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<module xmlns=\"urn:jboss:module:1.9\" name=\"app\">\n")
                .append("  <main-class name=\"").append(app.mainClass.getName()).append("\"/>\n  <resources>\n")
                .append("    <resource-root path=\"").append(testClasses()).append("\"/>\n");
        for (Path jar : sdkJars(V2_SDK)) {
            xml.append("    <resource-root path=\"").append(jar).append("\"/>\n");
        }
        xml.append("  </resources>\n  <dependencies>\n    <module name=\"java.se\"/>\n    <module name=\"jdk.net\"/>\n")
                .append("  </dependencies>\n</module>\n");
        Files.writeString(moduleDir.resolve("module.xml"), xml);
        ChildJvm child = ChildJvm.main("org.jboss.modules.Main", "-mp", home.resolve("modules").toString(), "app",
                fake.endpoint(), String.valueOf(calls)).classpathOnly(ChildJvm.classpathFrom("fixture.jboss-modules.classpath"));
        return scenarioEnvironment(child, app);
    }

    /** The app inside {@link RefusingLoaderApp}'s loader, on the usual class path. */
    private ChildJvm refusingLoader(App app, int calls) {
        return scenarioEnvironment(ChildJvm.main(RefusingLoaderApp.class, app.mainClass.getName(), fake.endpoint(),
                String.valueOf(calls)), app);
    }

    private ChildJvm scenarioEnvironment(ChildJvm child, App app) {
        child.home(home).env("AWS_REGION", REGION).env("AWS_ENDPOINT_URL_STS", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint()).env("AWS_ENDPOINT_URL_SSO_OIDC", fake.endpoint());
        if (app.sdkV1) {
            child.env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true");
        }
        return child;
    }

    /** Jars of this module's runtime class path whose path contains any of these. */
    private static List<Path> sdkJars(String... pathParts) {
        return ChildJvm.classpathFrom("child.classpath.file").stream()
                .filter(jar -> Arrays.stream(pathParts).anyMatch(jar::contains))
                .map(Paths::get).toList();
    }

    private static Path testClasses() {
        try {
            return Paths.get(OsgiHost.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRanIn(Framework framework, ChildJvm.Result result) {
        assertTrue(result.stderr().contains("osgi: " + framework.symbolicName + " "), result.describe());
    }

    private static void assertNoStepAside(ChildJvm.Result result) {
        assertFalse(result.stdout().contains("NoClassDefFoundError") || result.stderr().contains("NoClassDefFoundError"),
                result.describe());
        assertTrue(credagentLines(result).stream().noneMatch(l -> l.contains("cannot answer")), result.describe());
        assertNoAgentDefect(result);
    }
}
