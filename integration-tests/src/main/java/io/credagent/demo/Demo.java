package io.credagent.demo;

import io.credagent.fake.FakeAws;
import io.credagent.fake.SsoCacheFiles;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The README's demo: an unmodified SDK v1 application with an IAM Identity Center (SSO) profile,
 * run twice against an embedded fake AWS on 127.0.0.1 — without credagent (SDK v1 cannot use SSO)
 * and with {@code -javaagent:credagent.jar} (it can).
 *
 * <p>Run: {@code mvn -B -q -DskipTests -Pdemo verify}
 */
public final class Demo {

    private static final String ACCOUNT = "123456789012";
    private static final String ROLE = "DemoAdmin";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        String agentJar = args[0];
        try (FakeAws fake = new FakeAws().start()) {
            Path home = Files.createTempDirectory("credagent-demo");
            String config = "[profile dev]\n"
                    + "sso_session = corp\n"
                    + "sso_account_id = " + ACCOUNT + "\n"
                    + "sso_role_name = " + ROLE + "\n"
                    + "region = us-east-1\n\n"
                    + "[sso-session corp]\n"
                    + "sso_start_url = https://corp.awsapps.com/start\n"
                    + "sso_region = us-east-1\n"
                    + "sso_registration_scopes = sso:account:access\n";
            Files.createDirectories(home.resolve(".aws"));
            Files.write(home.resolve(".aws/config"), config.getBytes("UTF-8"));
            // What `aws sso login --profile dev` leaves behind: a cached access token.
            String accessToken = "demo-sso-access-token-" + System.nanoTime();
            Instant expiresAt = Instant.now().plus(Duration.ofHours(8));
            fake.registerSsoAccessToken(accessToken, expiresAt, ACCOUNT, ROLE);
            SsoCacheFiles.write(home, "corp", SsoCacheFiles.Token.withoutRefresh(
                    accessToken, expiresAt, "us-east-1", "https://corp.awsapps.com/start"));

            System.out.println("credagent demo: fake AWS (STS, SSO portal) on " + fake.endpoint());
            System.out.println("~/.aws/config (AWS_PROFILE=dev):\n\n" + config.replaceAll("(?m)^", "    "));
            System.out.println("1) legacy SDK v1 app, without credagent:");
            run(fake, home, null);
            System.out.println("2) the same app, unchanged, with -javaagent:credagent.jar:");
            run(fake, home, agentJar);
            System.out.println("\nSTS/SSO calls the fake answered: " + fake.requests().size()
                    + " (GetRoleCredentials " + fake.count("GetRoleCredentials")
                    + ", GetCallerIdentity " + fake.count("GetCallerIdentity") + ")");
        }
    }

    private static void run(FakeAws fake, Path home, String agentJar) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        if (agentJar != null) {
            command.add("-javaagent:" + agentJar);
        }
        command.add("-Duser.home=" + home);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LegacyApp.class.getName());
        command.add(fake.endpoint());
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.clear(); // nothing from the real machine: no real credentials, no real AWS
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("AWS_PROFILE", "dev");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL_SSO", fake.endpoint());
        env.put("AWS_ENDPOINT_URL_STS", fake.endpoint());
        env.put("AWS_EC2_METADATA_DISABLED", "true"); // never the real IMDS
        env.put("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            System.out.println("   (timed out)");
        }
    }
}
