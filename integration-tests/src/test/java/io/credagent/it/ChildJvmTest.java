package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Principal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import software.amazon.awssdk.services.sts.StsClient;

/** The harness itself: scrubbed environment, HOME, timeouts, class path filtering, leak checks. */
class ChildJvmTest {

    /** Prints its environment's variable names (never values), HOME and user.home. */
    public static final class PrintEnv {
        public static void main(String[] args) {
            System.out.println("names=" + String.join(",", new TreeSet<>(System.getenv().keySet())));
            System.out.println("HOME=" + System.getenv("HOME"));
            System.out.println("user.home=" + System.getProperty("user.home"));
            System.out.println("FOO=" + System.getenv("FOO"));
            System.out.println("prop=" + System.getProperty("childjvm.test"));
            System.out.println("agent=" + !java.lang.management.ManagementFactory.getRuntimeMXBean()
                    .getInputArguments().stream().filter(a -> a.startsWith("-javaagent")).toList().isEmpty());
        }
    }

    /** Prints its pid, then sleeps far longer than any test waits. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("pid=" + ProcessHandle.current().pid());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    /** An unmodified SDK v2 app: default credential chain, GetCallerIdentity, prints the ARN. */
    public static final class WhoAmI {
        public static void main(String[] args) {
            try (StsClient sts = StsClient.create()) {
                System.out.println("arn=" + sts.getCallerIdentity().arn());
            }
        }
    }

    /** Says whether a class is loadable, i.e. on the class path. */
    public static final class HasClass {
        public static void main(String[] args) {
            for (String name : args) {
                boolean present;
                try {
                    Class.forName(name, false, HasClass.class.getClassLoader());
                    present = true;
                } catch (ClassNotFoundException e) {
                    present = false;
                }
                System.out.println(name + "=" + present);
            }
        }
    }

    @Test
    void environmentIsScrubbed(@TempDir Path home) {
        // Whatever this JVM's environment holds (PATH surely, often USER, JAVA_HOME, AWS_*), the child
        // sees only PATH, what the test set, and the IMDS guard.
        assertFalse(System.getenv().isEmpty());
        ChildJvm.Result result = ChildJvm.main(PrintEnv.class).home(home).env("FOO", "bar")
                .sysProp("childjvm.test", "yes").run(Duration.ofSeconds(60)).assertExitCode(0);
        List<String> lines = result.stdoutLines();
        assertEquals("names=AWS_EC2_METADATA_SERVICE_ENDPOINT,FOO,HOME,PATH", lines.get(0), result.describe());
        assertEquals("HOME=" + home, lines.get(1));
        assertEquals("user.home=" + home, lines.get(2));
        assertEquals("FOO=bar", lines.get(3));
        assertEquals("prop=yes", lines.get(4));
        assertEquals("agent=false", lines.get(5));
    }

    @Test
    void withoutHomeTheRealHomeIsOutOfReach() {
        ChildJvm.Result result = ChildJvm.main(PrintEnv.class).run(Duration.ofSeconds(60)).assertExitCode(0);
        List<String> lines = result.stdoutLines();
        assertEquals("names=AWS_EC2_METADATA_SERVICE_ENDPOINT,PATH", lines.get(0));
        assertEquals("HOME=null", lines.get(1));
        assertNotEquals("user.home=" + System.getProperty("user.home"), lines.get(2));
    }

    @Test
    void timeoutKillsTheChildAndReportsItsOutput() {
        Instant start = Instant.now();
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> ChildJvm.main(Sleeper.class).run(Duration.ofSeconds(3)));
        assertTrue(Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0);
        Matcher pid = Pattern.compile("pid=(\\d+)").matcher(failure.getMessage());
        assertTrue(pid.find(), "the output so far is in the failure: " + failure.getMessage());
        Optional<ProcessHandle> child = ProcessHandle.of(Long.parseLong(pid.group(1)));
        assertFalse(child.map(ProcessHandle::isAlive).orElse(false), "child still alive");
    }

    @Test
    void unmodifiedAppTalksToTheFakeWithoutTheAgent() throws Exception {
        try (FakeAws fake = new FakeAws().start()) {
            Principal alice = fake.staticUser("arn:aws:iam::111122223333:user/alice");
            ChildJvm.Result result = ChildJvm.main(WhoAmI.class).noAgent()
                    .env("AWS_ACCESS_KEY_ID", alice.accessKeyId())
                    .env("AWS_SECRET_ACCESS_KEY", alice.secretAccessKey())
                    .env("AWS_REGION", "us-east-1")
                    .env("AWS_ENDPOINT_URL_STS", fake.endpoint())
                    .run(Duration.ofSeconds(60)).assertExitCode(0);
            assertTrue(result.stdout().contains("arn=arn:aws:iam::111122223333:user/alice"), result.describe());
            assertEquals(alice.accessKeyId(), fake.callerIdentityCalls().get(0).signingAccessKeyId());
            SecretLeaks.assertNoneLeaked(fake, result);
        }
    }

    @Test
    void leakCheckFailsOnASecretInOutput() {
        ChildJvm.Result leaky = new ChildJvm.Result(0, "token is s3cr3t-VALUE here", "");
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> SecretLeaks.assertNoneLeaked(List.of("s3cr3t-VALUE"), leaky));
        assertFalse(failure.getMessage().contains("s3cr3t-VALUE"), "the report masks the secret");
        SecretLeaks.assertNoneLeaked(List.of("s3cr3t-VALUE"), new ChildJvm.Result(0, "clean", "also clean"));
    }

    @Test
    void classpathExclusionRemovesJars() {
        String sdkV1 = "com.amazonaws.services.securitytoken.AWSSecurityTokenService";
        String sdkV2 = "software.amazon.awssdk.services.sts.StsClient";
        ChildJvm.Result all = ChildJvm.main(HasClass.class, sdkV1, sdkV2).run(Duration.ofSeconds(60))
                .assertExitCode(0);
        assertEquals(List.of(sdkV1 + "=true", sdkV2 + "=true"), all.stdoutLines());
        ChildJvm.Result noV1 = ChildJvm.main(HasClass.class, sdkV1, sdkV2).classpathExcluding("aws-java-sdk-")
                .run(Duration.ofSeconds(60)).assertExitCode(0);
        assertEquals(List.of(sdkV1 + "=false", sdkV2 + "=true"), noV1.stdoutLines());
        // SSO support must never reach a child from this module's test-scope dependencies.
        assertTrue(all.exitCode() == 0 && ChildJvm.main(HasClass.class).classpath().stream()
                .noneMatch(e -> e.contains("/awssdk/sso") || e.contains("credagent-agent")));
    }

    @Test
    void refusesLinkLocalAddresses() {
        assertThrows(IllegalStateException.class, () -> ChildJvm.main(PrintEnv.class)
                .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254").run(Duration.ofSeconds(5)));
        assertThrows(IllegalStateException.class, () -> ChildJvm.main(PrintEnv.class)
                .env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds").run(Duration.ofSeconds(5)));
    }
}
