package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code java -jar credagent.jar doctor}, run as a person would, against the fake AWS. */
class DoctorIT extends AgentScenario {
    private static final String ROLE_ARN = "arn:aws:iam::444455556666:role/app";

    private Principal base;

    /** [profile app]: a role on [base]'s static keys; both files owner-only. */
    private void roleProfile() throws IOException {
        base = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/base");
        files.credentialsProfile("base", "aws_access_key_id", base.accessKeyId(),
                        "aws_secret_access_key", base.secretAccessKey())
                .profile("app", "role_arn", ROLE_ARN, "source_profile", "base", "role_session_name", "doctor");
        ownerOnly();
    }

    private void ownerOnly() throws IOException {
        for (var file : List.of(files.configFile(), files.credentialsFile())) {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    private ChildJvm doctor(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "doctor";
        System.arraycopy(args, 0, all, 1, args.length);
        return ChildJvm.main("io.credagent.entry.AgentEntry", all)
                .classpathOnly(ChildJvm.agentJar())
                .home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_STS", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO_OIDC", fake.endpoint());
    }

    @Test
    void aHealthyRoleProfileShowsEachStepAndExitsZero() throws IOException {
        roleProfile();

        ChildJvm.Result result = doctor("--profile", "app").run(TIMEOUT);

        result.assertExitCode(0);
        String out = result.stdout();
        String issued = fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).findFirst().get()
                .issuedAccessKeyId();
        assertTrue(out.startsWith("credagent doctor: profile 'app' (credagent option profile)\n"
                + "chain (the first configured step answers):\n  profile 'app' (credagent option profile)  answers\n"), out);
        assertTrue(out.contains("ok: credentials from profile 'app' (credagent option profile): "
                + issued.substring(0, 4) + "..." + issued.substring(issued.length() - 4) + ", session, expires in 59 min"), out);
        assertTrue(out.contains("ok: STS (" + fake.endpoint() + ", direct or through the JVM's proxy settings) accepts the"
                + " credentials: " + FakeAws.assumedRoleArn(ROLE_ARN, "doctor")), out);
        assertTrue(out.contains("ok: clock within "), out);
        assertTrue(out.endsWith("result: healthy\n"), out);
        SecretLeaks.assertNoneLeaked(fake, result);
    }

    @Test
    void overrideSaysWhatBecomesOfTheApplicationsKeys() throws IOException {
        roleProfile();
        ChildJvm.Result replaced = doctor("--profile", "app").env("CREDAGENT_OVERRIDE", "static").run(TIMEOUT);
        replaced.assertExitCode(0);
        assertTrue(replaced.stdout().contains("ok: override=static: long-term keys that applications hand to SDK clients are"
                + " replaced by the credentials of profile 'app' (credagent option profile)\n"), replaced.stdout());

        ChildJvm.Result byKeys = doctor("--profile", "base").env("CREDAGENT_OVERRIDE", "static").run(TIMEOUT);
        byKeys.assertExitCode(1);
        assertTrue(byKeys.stdout().contains("warning: override=static replaces applications' long-term keys by the credentials"
                + " of profile 'base' (credagent option profile), which are long-term keys too"), byKeys.stdout());

        ChildJvm.Result reported = doctor("--profile", "app").env("CREDAGENT_OVERRIDE", "report").run(TIMEOUT);
        reported.assertExitCode(0);
        assertTrue(reported.stdout().contains("ok: override=report: long-term keys that applications hand to SDK clients are"
                + " kept and each said once (masked)"), reported.stdout());
    }

    @Test
    void warningsSayHowToFixAndExitOne() throws IOException {
        roleProfile();
        Principal old = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/old");
        files.credentialsProfile("old", "aws_access_key_id", old.accessKeyId(), "aws_secret_access_key", old.secretAccessKey());
        Files.setPosixFilePermissions(files.credentialsFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Principal stray = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/env");

        ChildJvm.Result result = doctor().env("AWS_PROFILE", "app")
                .env("AWS_ACCESS_KEY_ID", stray.accessKeyId()).env("AWS_SECRET_ACCESS_KEY", stray.secretAccessKey())
                .run(TIMEOUT);

        result.assertExitCode(1);
        String out = result.stdout();
        assertTrue(out.matches("(?s).*\n  environment variables +answers\n.*"), out);
        assertTrue(out.contains("\n  profile 'app' (AWS_PROFILE)  not asked (an earlier step answers)\n"), out);
        assertTrue(out.contains("warning: ~/.aws/credentials is readable or writable by group or others (rw-r--r--); run: chmod 600 "
                + files.credentialsFile()), out);
        assertTrue(out.contains("warning: long-term keys are set in AWS_ACCESS_KEY_ID (" + masked(stray.accessKeyId())
                + ") while profile 'app' is selected (AWS_PROFILE): every default chain, credagent's too (unless profile=app"
                + " is set), take the environment keys first"), out);
        assertTrue(out.contains("warning: long-term keys in the shared files for profile 'old' (" + masked(old.accessKeyId())
                + "), which profile 'app' does not use"), out);
        assertTrue(out.endsWith("result: 0 errors, 3 warnings\n"), out);
        SecretLeaks.assertNoneLeaked(fake, result);
    }

    @Test
    void anSsoTokenThatCannotBeRefreshedIsAWarning() throws IOException {
        ssoSessionProfile("Dev");
        ownerOnly();

        ChildJvm.Result result = doctor().env("AWS_PROFILE", "dev").run(TIMEOUT);

        result.assertExitCode(1);
        assertTrue(result.stdout().contains("warning: the SSO token of sso-session 'corp' (~/.aws/sso/cache/")
                && result.stdout().contains("expires in 59 min and cannot be refreshed (no refresh token"), result.stdout());
        assertTrue(result.stdout().contains("accepts the credentials: " + FakeAws.ssoRoleArn(ACCOUNT, "Dev")), result.stdout());
    }

    @Test
    void aBrokenChainIsAnErrorAndExitsTwo() throws IOException {
        files.profile("a", "role_arn", ROLE_ARN, "source_profile", "b")
                .profile("b", "role_arn", ROLE_ARN, "source_profile", "a");
        ownerOnly();

        ChildJvm.Result result = doctor("--profile", "a", "--format", "json").run(TIMEOUT);

        result.assertExitCode(2);
        String json = result.stdout();
        assertTrue(json.startsWith("{\"selected\":\"profile 'a' (credagent option profile)\",\"steps\":[{\"step\":"
                + "\"profile 'a' (credagent option profile)\",\"state\":\"fails\",\"detail\":\"profile 'a'"), json);
        assertTrue(json.contains("{\"level\":\"error\",\"message\":\"source_profile cycle: a -> b -> a; end the chain in a"
                + " profile with credentials\"}"), json);
        assertTrue(json.endsWith(",\"exit\":2}\n"), json);
        assertEquals(0, fake.count("AssumeRole"));
    }

    @Test
    void anUnreachableStsIsAWarningNamingTheRoute() throws IOException {
        Principal user = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/static");
        files.credentialsProfile("static", "aws_access_key_id", user.accessKeyId(), "aws_secret_access_key",
                user.secretAccessKey());
        ownerOnly();
        int closed = closedPort();

        ChildJvm.Result result = doctor("--profile", "static").env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:" + closed)
                .run(TIMEOUT);

        result.assertExitCode(1);
        assertTrue(result.stdout().contains("warning: cannot reach STS at http://127.0.0.1:" + closed
                + " (direct or through the JVM's proxy settings): "), result.stdout());
        assertFalse(result.stdout().contains(user.secretAccessKey()));
    }

    private static String masked(String keyId) {
        return keyId.substring(0, 4) + "..." + keyId.substring(keyId.length() - 4);
    }
}
