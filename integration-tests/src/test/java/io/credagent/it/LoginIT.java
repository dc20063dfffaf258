package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Json;
import io.credagent.fake.LoggedRequest;
import io.credagent.fake.SsoCacheFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar credagent.jar login}, run as a person would with {@code --no-browser}, and a
 * scripted browser that follows the printed URL (the fake's pages approve, or deny with
 * {@code &deny=true}). The files are compared field by field with the AWS CLI's.
 */
class LoginIT extends AgentScenario {
    private static final String ROLE = "Dev";
    /** botocore's registration key for sso-session 'corp' (scopes null): sha1(json.dumps(args, sort_keys=True)). */
    private static final String REGISTRATION_KEY = "5fdb0c628fe4a3a78887b40232874154e433f9a4";
    private static final List<String> CLI_TOKEN_FIELDS = List.of("startUrl", "region", "accessToken", "expiresAt",
            "clientId", "clientSecret", "registrationExpiresAt", "refreshToken");

    @BeforeEach
    void ssoSession() {
        files.profile("dev", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", ROLE, "region", REGION)
                .ssoSession("corp", "sso_start_url", CORP_START_URL, "sso_region", REGION);
        fake.ssoLoginGrants(ACCOUNT, ROLE);
    }

    private ChildJvm.Running login(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "login";
        System.arraycopy(args, 0, all, 1, args.length);
        return credagent(all).start();
    }

    private ChildJvm credagent(String... args) {
        return ChildJvm.main("io.credagent.entry.AgentEntry", args).classpathOnly(ChildJvm.agentJar()).home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO_OIDC", fake.endpoint());
    }

    /** The person: opens the URL the command printed after {@code afterLine}, following redirects. */
    private static int browse(ChildJvm.Running login, String afterLine, String extraQuery) throws Exception {
        login.awaitStdoutLines("http://", afterLine.contains("autofill") ? 2 : 1, TIMEOUT);
        List<String> lines = login.stdoutSoFar().lines().toList();
        String url = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(afterLine)) {
                url = lines.subList(i + 1, lines.size()).stream().filter(l -> l.startsWith("http://")).findFirst().orElseThrow();
            }
        }
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            return browser.send(HttpRequest.newBuilder(URI.create(url + extraQuery)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("the browser could not follow " + url + extraQuery + ": " + e + "\n" + login.stdoutSoFar(), e);
        }
    }

    private Path tokenFile() {
        return home.resolve(".aws/sso/cache/" + SsoCacheFiles.cacheKey("corp") + ".json");
    }

    private List<LoggedRequest> calls(String action) {
        return fake.requests().stream().filter(r -> action.equals(r.action())).toList();
    }

    @Test
    void authorizationCodeWithPkceWritesTheClisTokenFileAndAppsUseIt() throws Exception {
        ChildJvm.Running login = login("--profile", "dev", "--no-browser");
        assertEquals(200, browse(login, "Please visit the following URL:", ""));
        ChildJvm.Result result = login.finish(TIMEOUT);

        result.assertExitCode(0);
        assertTrue(result.stdout().endsWith("Successfully logged into Start URL: " + CORP_START_URL + "\n"), result.describe());
        Map<String, String> register = calls("RegisterClient").get(0).details();
        assertEquals("[authorization_code, refresh_token]", register.get("grantTypes"));
        assertEquals("[http://127.0.0.1/oauth/callback]", register.get("redirectUris"));
        assertEquals(CORP_START_URL, register.get("issuerUrl"));
        assertEquals("[sso:account:access]", register.get("scopes"));
        Map<String, String> authorize = calls("Authorize").get(0).details();
        assertTrue(authorize.get("redirect_uri").matches("http://127\\.0\\.0\\.1:[0-9]+/oauth/callback"), authorize.toString());
        assertEquals("S256", authorize.get("code_challenge_method"));

        String token = Files.readString(tokenFile());
        Map<String, Object> fields = Json.parseObject(token);
        assertEquals(CLI_TOKEN_FIELDS, new ArrayList<>(fields.keySet()), "the CLI's fields, in its order");
        assertTrue(token.startsWith("{\"startUrl\": \"" + CORP_START_URL + "\", \"region\": \"" + REGION + "\", \"accessToken\": \""),
                "Python's separators: " + token.substring(0, 60));
        assertTrue(String.valueOf(fields.get("expiresAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile())));
        Map<String, Object> registration = Json.parseObject(Files.readString(home.resolve(".aws/sso/cache/" + REGISTRATION_KEY + ".json")));
        assertEquals(List.of("clientId", "clientSecret", "expiresAt", "grantTypes"), new ArrayList<>(registration.keySet()));
        SecretLeaks.assertNoneLeaked(fake, result);

        ChildJvm.Result app = run(child(App.V1_LEGACY, 2).agent(null).env("AWS_PROFILE", "dev"));
        assertCalledAs(app, FakeAws.ssoRoleArn(ACCOUNT, ROLE), 2);
    }

    @Test
    void deviceCodeLoginReusesTheClientRegistrationAndKeepsUnknownFields() throws Exception {
        ChildJvm.Running first = login("--profile", "dev", "--use-device-code", "--no-browser");
        assertEquals(200, browse(first, "autofill the code upon loading:", ""));
        first.finish(TIMEOUT).assertExitCode(0);
        assertTrue(first.finish(TIMEOUT).stdout().contains("Then enter the code:"));
        Files.writeString(tokenFile(), Files.readString(tokenFile()).replace("{\"startUrl\"", "{\"someToolsField\": [1, true], \"startUrl\""));

        ChildJvm.Running second = login("--profile", "dev", "--use-device-code", "--no-browser");
        assertEquals(200, browse(second, "autofill the code upon loading:", ""));
        second.finish(TIMEOUT).assertExitCode(0);

        assertEquals(1, calls("RegisterClient").size(), "the registration is reused");
        assertEquals(2, calls("StartDeviceAuthorization").size());
        assertTrue(Files.readString(tokenFile()).endsWith(", \"someToolsField\": [1, true]}"), Files.readString(tokenFile()));
        assertEquals(List.of("clientId", "clientSecret", "expiresAt"), new ArrayList<>(Json.parseObject(
                Files.readString(home.resolve(".aws/sso/cache/" + REGISTRATION_KEY + ".json"))).keySet()));
    }

    @Test
    void aDenialInTheBrowserIsOneLine() throws Exception {
        ChildJvm.Running login = login("--profile", "dev", "--no-browser");
        browse(login, "Please visit the following URL:", "&deny=true");
        ChildJvm.Result result = login.finish(TIMEOUT);

        result.assertExitCode(1);
        assertEquals("credagent: login failed: the login was denied in the browser (access_denied)", result.stderr().trim());
        assertFalse(Files.exists(tokenFile()));
    }

    @Test
    void aDeviceCodeDeniedOrExpiredIsOneLine() throws Exception {
        ChildJvm.Running denied = login("--profile", "dev", "--use-device-code", "--no-browser");
        browse(denied, "autofill the code upon loading:", "&deny=true");
        ChildJvm.Result deniedResult = denied.finish(TIMEOUT);
        deniedResult.assertExitCode(1);
        assertEquals("credagent: login failed: the login was denied in the browser", deniedResult.stderr().trim());

        fake.ssoDeviceCodeLifetime(Duration.ofSeconds(2));
        ChildJvm.Result expired = login("--profile", "dev", "--use-device-code", "--no-browser").finish(TIMEOUT);
        expired.assertExitCode(1);
        assertEquals("credagent: login failed: the device code expired before the login was approved in the browser;"
                + " run login again", expired.stderr().trim());
    }

    @Test
    void aBrowserThatNeverComesBackEndsTheWaitWithOneLine() {
        ChildJvm.Result result = login("--profile", "dev", "--no-browser", "--timeout", "2").finish(TIMEOUT);

        result.assertExitCode(1);
        assertTrue(result.stderr().trim().matches("credagent: login failed: no answer from the browser within 2 s \\(the login"
                + " page was not completed, or could not reach http://127\\.0\\.0\\.1:[0-9]+/oauth/callback\\); run login"
                + " again, or with --use-device-code"), result.stderr());
    }

    @Test
    void aProfileWithoutSsoSettingsIsAConfigurationMistake() {
        files.profile("keys", "aws_access_key_id", "AKIAEXAMPLE", "aws_secret_access_key", "secret");

        ChildJvm.Result result = login("--profile", "keys").finish(TIMEOUT);

        result.assertExitCode(2);
        assertTrue(result.stderr().startsWith("credagent: login failed: profile 'keys' has neither sso_session nor"
                + " sso_start_url; add sso_session = <name> and an [sso-session <name>] section"), result.stderr());
        assertTrue(fake.requests().isEmpty());
    }

    @Test
    void logoutRemovesTheTokensAndSsoRoleCredentialsButKeepsRegistrations() throws Exception {
        ChildJvm.Running login = login("--profile", "dev", "--no-browser");
        browse(login, "Please visit the following URL:", "");
        login.finish(TIMEOUT).assertExitCode(0);
        Path roles = Files.createDirectories(home.resolve(".aws/cli/cache"));
        Files.writeString(roles.resolve("sso.json"), "{\"ProviderType\": \"sso\", \"Credentials\": {}}");
        Files.writeString(roles.resolve("role.json"), "{\"Credentials\": {}}");

        ChildJvm.Result result = credagent("logout").run(TIMEOUT);

        result.assertExitCode(0);
        assertEquals("Successfully signed out of all SSO profiles.", result.stdout().trim());
        assertFalse(Files.exists(tokenFile()));
        assertTrue(Files.exists(home.resolve(".aws/sso/cache/" + REGISTRATION_KEY + ".json")));
        assertFalse(Files.exists(roles.resolve("sso.json")));
        assertTrue(Files.exists(roles.resolve("role.json")));
        ChildJvm.Result app = run(child(App.V2, 1).agent(null).env("AWS_PROFILE", "dev"));
        assertTrue(assertAppFailed(app).contains("run: aws sso login --profile dev"), app.describe());
    }
}
