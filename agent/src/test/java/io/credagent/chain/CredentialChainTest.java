package io.credagent.chain;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

import io.credagent.credentials.CredentialException.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialChainTest {

    private static final String ENV_KEY = "AKIAENVIRONMENT00001";
    private static final String PROPERTY_KEY = "AKIAPROPERTIES000001";
    private static final String PROFILE_KEY = "AKIAPROFILE000000001";

    @TempDir
    Path home;

    private Machine machine() {
        return new Machine(home);
    }

    private static CredentialException failure(CredentialChain chain) {
        return assertThrows(CredentialException.class, chain::resolve);
    }

    private static void assertContains(String text, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(text.contains(fragment), "expected '" + fragment + "' in: " + text);
        }
    }

    // --- static keys -------------------------------------------------------------------------

    @Test
    void staticKeysFromEnvironment() {
        Credentials credentials = machine()
                .env("AWS_ACCESS_KEY_ID", ENV_KEY).env("AWS_SECRET_ACCESS_KEY", "envSecret")
                .env("AWS_SESSION_TOKEN", "envToken").env("AWS_ACCOUNT_ID", "123456789012")
                .chain().resolve();
        assertEquals(ENV_KEY, credentials.accessKeyId());
        assertEquals("envSecret", credentials.secretAccessKey());
        assertEquals("envToken", credentials.sessionToken());
        assertEquals("123456789012", credentials.accountId());
        assertEquals("environment variables", credentials.source());
        assertNull(credentials.expiration());
    }

    @Test
    void staticKeysFromSystemPropertiesComeBeforeEnvironment() {
        Credentials credentials = machine()
                .property("aws.accessKeyId", PROPERTY_KEY).property("aws.secretAccessKey", "propertySecret")
                .env("AWS_ACCESS_KEY_ID", ENV_KEY).env("AWS_SECRET_ACCESS_KEY", "envSecret")
                .chain().resolve();
        assertEquals(PROPERTY_KEY, credentials.accessKeyId());
        assertEquals("propertySecret", credentials.secretAccessKey());
        assertNull(credentials.sessionToken());
        assertEquals("system properties", credentials.source());
    }

    @Test
    void sdkV1SpellingsOfStaticKeysAreAccepted() {
        Credentials credentials = machine()
                .property("aws.accessKeyId", PROPERTY_KEY).property("aws.secretKey", "v1Secret")
                .chain().resolve();
        assertEquals("v1Secret", credentials.secretAccessKey());
        Credentials fromEnv = machine().env("AWS_ACCESS_KEY", ENV_KEY).env("AWS_SECRET_KEY", "v1EnvSecret")
                .chain().resolve();
        assertEquals(ENV_KEY, fromEnv.accessKeyId());
    }

    @Test
    void blankStaticKeysCountAsUnset() {
        Credentials credentials = machine()
                .env("AWS_ACCESS_KEY_ID", " ").env("AWS_SECRET_ACCESS_KEY", "").env("AWS_SESSION_TOKEN", " ")
                .property("aws.accessKeyId", "  ")
                .credentials("[default]\naws_access_key_id = " + PROFILE_KEY + "\naws_secret_access_key = profileSecret\n")
                .chain().resolve();
        assertEquals(PROFILE_KEY, credentials.accessKeyId());
        assertEquals("profile 'default' (static keys)", credentials.source());
    }

    @Test
    void halfConfiguredStaticKeysStopTheChain() {
        CredentialException e = failure(machine()
                .env("AWS_ACCESS_KEY_ID", ENV_KEY)
                .credentials("[default]\naws_access_key_id = " + PROFILE_KEY + "\naws_secret_access_key = s\n")
                .chain());
        assertEquals(Category.NOT_CONFIGURED, e.category());
        assertEquals("static keys in environment variables are incomplete: AWS_ACCESS_KEY_ID is set but "
                + "AWS_SECRET_ACCESS_KEY is missing or blank; set both, or neither", e.getMessage());
    }

    @Test
    void warmLookupsReturnTheSameInstance() {
        CredentialChain chain = machine().env("AWS_ACCESS_KEY_ID", ENV_KEY).env("AWS_SECRET_ACCESS_KEY", "s").chain();
        assertSame(chain.resolve(), chain.resolve());
    }

    // --- profiles ----------------------------------------------------------------------------

    @Test
    void staticKeysFromProfileFiles() {
        Credentials credentials = machine()
                .config("[profile dev]\nregion = eu-west-1\n")
                .credentials("[dev]\naws_access_key_id = " + PROFILE_KEY + "\naws_secret_access_key = devSecret\n"
                        + "aws_session_token = devToken\n")
                .env("AWS_PROFILE", "dev")
                .chain().resolve();
        assertEquals(PROFILE_KEY, credentials.accessKeyId());
        assertEquals("devSecret", credentials.secretAccessKey());
        assertEquals("devToken", credentials.sessionToken());
        assertEquals("profile 'dev' (static session keys)", credentials.source());
    }

    @Test
    void profileFilesFromAwsConfigFileAndAwsSharedCredentialsFile() throws IOException {
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
        Machine machine = machine()
                .write(elsewhere.resolve("cfg"), "[profile other]\nregion = eu-west-1\n")
                .write(elsewhere.resolve("creds"), "[other]\naws_access_key_id = " + PROFILE_KEY + "\naws_secret_access_key = s\n")
                .env("AWS_CONFIG_FILE", "~/elsewhere/cfg")
                .env("AWS_SHARED_CREDENTIALS_FILE", elsewhere.resolve("creds").toString())
                .env("AWS_PROFILE", "other");
        assertEquals(PROFILE_KEY, machine.chain().resolve().accessKeyId());
    }

    @Test
    void profileOptionBeatsStaticKeysInEnvironmentAndSystemProperties() {
        Credentials credentials = machine()
                .env("AWS_ACCESS_KEY_ID", ENV_KEY).env("AWS_SECRET_ACCESS_KEY", "envSecret")
                .property("aws.accessKeyId", PROPERTY_KEY).property("aws.secretAccessKey", "propertySecret")
                .credentials("[app]\naws_access_key_id = " + PROFILE_KEY + "\naws_secret_access_key = appSecret\n")
                .chain("profile=app").resolve();
        assertEquals(PROFILE_KEY, credentials.accessKeyId());
        assertEquals("profile 'app' (static keys)", credentials.source());
    }

    @Test
    void profileOptionBeatsAwsProfile() {
        Credentials credentials = machine()
                .env("AWS_PROFILE", "missing")
                .credentials("[app]\naws_access_key_id = " + PROFILE_KEY + "\naws_secret_access_key = appSecret\n")
                .chain("profile=app").resolve();
        assertEquals(PROFILE_KEY, credentials.accessKeyId());
    }

    @Test
    void missingOptionProfileIsAnErrorListingFilesAndExistingProfiles() {
        CredentialException e = failure(machine()
                .config("[default]\nregion = eu-west-1\n[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
                        + "source_profile = default\n")
                .env("AWS_ACCESS_KEY_ID", ENV_KEY).env("AWS_SECRET_ACCESS_KEY", "envSecret")
                .chain("profile=staging"));
        assertEquals(Category.INVALID_PROFILE, e.category());
        assertEquals("profile 'staging' (credagent option profile) not found in ~/.aws/config, ~/.aws/credentials (missing); "
                + "existing profiles: default, prod; fix the name or add the profile", e.getMessage());
    }

    @Test
    void missingProfileHintsAtMissingProfilePrefixInConfigFile() {
        CredentialException e = failure(machine().config("[dev]\naws_access_key_id = x\n").chain("profile=dev"));
        assertEquals(Category.INVALID_PROFILE, e.category());
        assertContains(e.getMessage(), "existing profiles: none",
                "~/.aws/config has [dev], which only counts in the credentials file: write [profile dev]");
    }

    @Test
    void missingAwsProfileIsAnErrorNotAFallthrough() {
        CredentialException e = failure(machine()
                .credentials("[default]\naws_access_key_id = " + PROFILE_KEY + "\naws_secret_access_key = s\n")
                .env("AWS_PROFILE", "typo")
                .chain());
        assertEquals(Category.INVALID_PROFILE, e.category());
        assertContains(e.getMessage(), "profile 'typo' (AWS_PROFILE) not found in ~/.aws/config (missing), ~/.aws/credentials",
                "existing profiles: default");
    }

    @Test
    void missingAwsProfileDoesNotMatterWhenStaticKeysAnswerFirst() {
        Credentials credentials = machine()
                .env("AWS_PROFILE", "typo").env("AWS_ACCESS_KEY_ID", ENV_KEY).env("AWS_SECRET_ACCESS_KEY", "s")
                .chain().resolve();
        assertEquals(ENV_KEY, credentials.accessKeyId());
    }

    @Test
    void awsProfileSystemPropertyBeatsEnvironmentVariable() {
        CredentialException e = failure(machine()
                .property("aws.profile", "fromProperty").env("AWS_PROFILE", "fromEnv").chain());
        assertContains(e.getMessage(), "profile 'fromProperty' (-Daws.profile) not found");
    }

    @Test
    void profileWithOnlyRegionIsNotConfigured() {
        CredentialException e = failure(machine()
                .config("[default]\nregion = eu-west-1\nmax_attempts = 3\n")
                .chain());
        assertEquals(Category.NOT_CONFIGURED, e.category());
        assertEquals("no AWS credentials found: checked system properties, environment variables, web identity, "
                + "profile 'default' (no credential settings in it; ~/.aws/config, ~/.aws/credentials (missing)), container, "
                + "instance metadata (disabled by AWS_EC2_METADATA_DISABLED); set profile=<name> in the agent options, "
                + "or AWS_PROFILE", e.getMessage());
    }

    @Test
    void profileOptionWithOnlyRegionIsAnError() {
        CredentialException e = failure(machine().config("[profile app]\nregion = eu-west-1\n").chain("profile=app"));
        assertEquals(Category.INVALID_PROFILE, e.category());
        assertContains(e.getMessage(), "profile 'app' (credagent option profile) has no credential settings in ~/.aws/config",
                "add one of aws_access_key_id");
    }

    @Test
    void nothingConfiguredListsWhatWasChecked() {
        CredentialException e = failure(machine().chain());
        assertEquals(Category.NOT_CONFIGURED, e.category());
        assertEquals("no AWS credentials found: checked system properties, environment variables, web identity, "
                + "profile 'default' (~/.aws/config (missing), ~/.aws/credentials (missing)), container, "
                + "instance metadata (disabled by AWS_EC2_METADATA_DISABLED); set profile=<name> in the agent options, "
                + "or AWS_PROFILE", e.getMessage());
    }

    @Test
    void unparsableConfigFileIsAParseErrorNamingTheFile() {
        CredentialException e = failure(machine().config("[profile dev]\nthis line has no equals sign\n").chain());
        assertEquals(Category.PARSE_ERROR, e.category());
        assertEquals("cannot parse ~/.aws/config: Expected an '=' sign defining a property on line 2; fix that line, "
                + "or point AWS_CONFIG_FILE at another file", e.getMessage());
    }

    @Test
    void profileSettingsTheSdkRejectsAreInvalidProfile() {
        CredentialException e = failure(machine()
                .config("[profile broken]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n"
                        + "credential_source = Environment\n[profile base]\naws_access_key_id = x\naws_secret_access_key = y\n")
                .chain("profile=broken"));
        assertEquals(Category.INVALID_PROFILE, e.category());
        assertContains(e.getMessage(), "profile 'broken' (assume role via source_profile 'base')",
                "Invalid profile file: profile has both source_profile and credential_source");
    }

    // --- credential_process ------------------------------------------------------------------

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credentialProcessRunsOnceWhileItsCredentialsAreFresh() throws IOException {
        Path runs = home.resolve("runs");
        Path process = machine().script("process.sh", "echo run >> " + runs + "\n"
                + "echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS000000001\", \"SecretAccessKey\": \"processSecret\","
                + " \"SessionToken\": \"processToken\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n");
        CredentialChain chain = machine()
                .config("[profile proc]\ncredential_process = " + process + "\n")
                .env("AWS_PROFILE", "proc")
                .chain();

        Credentials first = chain.resolve();
        Credentials second = chain.resolve();

        assertEquals("ASIAPROCESS000000001", first.accessKeyId());
        assertEquals("processSecret", first.secretAccessKey());
        assertEquals("processToken", first.sessionToken());
        assertEquals(Instant.parse("2099-01-01T00:00:00Z"), first.expiration());
        assertEquals("profile 'proc' (credential_process)", first.source());
        assertSame(first, second);
        List<String> lines = Files.readAllLines(runs);
        assertEquals(Arrays.asList("run"), lines, "the process ran more than once");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void failingCredentialProcessIsAProcessError() throws IOException {
        Path process = machine().script("failing.sh", "echo 'token expired, log in again' >&2\nexit 3\n");
        CredentialException e = failure(machine()
                .config("[profile proc]\ncredential_process = " + process + "\n")
                // Static keys further down the SDK's chain must not be used instead: the process answers or fails.
                .env("AWS_PROFILE", "proc")
                .chain());
        assertEquals(Category.PROCESS_ERROR, e.category());
        assertContains(e.getMessage(), "profile 'proc' (credential_process): credential_process of profile 'proc' failed:",
                "(3)", "token expired, log in again", "run the command by hand to see why");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credentialProcessPrintingGarbageIsAProcessErrorWithoutEchoingIt() throws IOException {
        Path process = machine().script("garbage.sh", "echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS000000001\", "
                + "\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"'\n");
        CredentialException e = failure(machine()
                .config("[profile proc]\ncredential_process = " + process + "\n").chain("profile=proc"));
        assertEquals(Category.PROCESS_ERROR, e.category());
        assertContains(e.getMessage(), "credential_process of profile 'proc' failed: its output is not valid JSON");
        assertTrue(!e.getMessage().contains("wJalrXUtnFEMI"), e.getMessage());
        assertTrue(!e.getMessage().contains("ASIAPROCESS"), e.getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credentialProcessThatCannotStartIsAProcessError() {
        CredentialException e = failure(machine()
                .config("[profile proc]\ncredential_process = " + home.resolve("no-such-command") + "\n").chain("profile=proc"));
        assertEquals(Category.PROCESS_ERROR, e.category());
        assertContains(e.getMessage(), "no-such-command");
    }

    // --- SSO -----------------------------------------------------------------------------

    @Test
    void missingSsoSessionTokenCacheFileIsFileNotFound() {
        String session = "credagent-test-" + System.nanoTime();
        CredentialException e = failure(machine()
                .config("[profile dev]\nsso_session = " + session + "\nsso_account_id = 123456789012\n"
                        + "sso_role_name = Dev\n[sso-session " + session + "]\nsso_region = us-east-1\n"
                        + "sso_start_url = https://example.awsapps.com/start\nsso_registration_scopes = sso:account:access\n")
                .chain("profile=dev"));
        assertEquals(Category.FILE_NOT_FOUND, e.category());
        assertContains(e.getMessage(), "profile 'dev' (sso-session '" + session + "'): SSO token cache file ~/.aws/sso/cache/",
                ".json not found; run: aws sso login --profile dev");
    }

    @Test
    void incompleteSsoProfileIsInvalidProfileNotAMissingToken() {
        CredentialException e = failure(machine()
                .config("[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\n"
                        + "[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://example.awsapps.com/start\n")
                .chain("profile=dev"));
        assertEquals(Category.INVALID_PROFILE, e.category());
        assertContains(e.getMessage(), "profile 'dev' (sso-session 'corp'):", "sso_role_name");
    }

    @Test
    void ssoProfileNamingAMissingSessionIsInvalidProfile() {
        CredentialException e = failure(machine()
                .config("[profile dev]\nsso_session = nope\nsso_account_id = 123456789012\nsso_role_name = Dev\n")
                .chain("profile=dev"));
        assertEquals(Category.INVALID_PROFILE, e.category());
        assertContains(e.getMessage(), "Sso-session section not found", "nope");
    }

    @Test
    void missingLegacySsoTokenCacheFileIsFileNotFound() {
        String startUrl = "https://credagent-test-" + System.nanoTime() + ".awsapps.com/start";
        CredentialException e = failure(machine()
                .config("[profile legacy]\nsso_start_url = " + startUrl + "\nsso_region = us-east-1\n"
                        + "sso_account_id = 123456789012\nsso_role_name = Dev\n")
                .chain("profile=legacy"));
        assertEquals(Category.FILE_NOT_FOUND, e.category());
        assertContains(e.getMessage(), "profile 'legacy' (legacy SSO): SSO token cache file ~/.aws/sso/cache/",
                "run: aws sso login --profile legacy");
    }

    @Test
    void roleAssumedFromSsoProfileNamesTheSsoProfileWhenItsTokenIsMissing() {
        String session = "credagent-test-" + System.nanoTime();
        CredentialException e = failure(machine()
                .config("[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = sso\n"
                        + "[profile sso]\nsso_session = " + session + "\nsso_account_id = 123456789012\nsso_role_name = Dev\n"
                        + "[sso-session " + session + "]\nsso_region = us-east-1\nsso_start_url = https://example.awsapps.com/start\n")
                .chain("profile=app"));
        assertEquals(Category.FILE_NOT_FOUND, e.category());
        assertContains(e.getMessage(), "profile 'app' (assume role via source_profile 'sso') via profile 'sso'",
                "run: aws sso login --profile sso");
    }

    // --- web identity ------------------------------------------------------------------------

    @Test
    void webIdentityWithMissingTokenFileIsFileNotFound() {
        Path token = home.resolve("no-such-token");
        CredentialException e = failure(machine()
                .env("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString())
                .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web")
                .env("AWS_REGION", "eu-west-1")
                .chain());
        assertEquals(Category.FILE_NOT_FOUND, e.category());
        assertContains(e.getMessage(), "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, role arn:aws:iam::123456789012:role/web, "
                + "STS region eu-west-1)", token.toString());
    }

    @Test
    void webIdentityWithoutRoleIsAnError() {
        CredentialException e = failure(machine().env("AWS_WEB_IDENTITY_TOKEN_FILE", "/token").chain());
        assertEquals(Category.NOT_CONFIGURED, e.category());
        assertEquals("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; set AWS_ROLE_ARN to the role to assume, "
                + "or unset AWS_WEB_IDENTITY_TOKEN_FILE", e.getMessage());
    }

    @Test
    void roleArnAloneDoesNotConfigureWebIdentity() {
        CredentialException e = failure(machine().env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web").chain());
        assertEquals(Category.NOT_CONFIGURED, e.category());
    }

    // --- the chain itself --------------------------------------------------------------------

    @Test
    void resolvesWithItsOwnContextClassLoaderAndRestoresTheCallers() throws IOException {
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        Step recording = new Step() {
            @Override
            public boolean isConfigured() {
                return true;
            }

            @Override
            public Credentials resolve() {
                seen.set(Thread.currentThread().getContextClassLoader());
                return new Credentials("AKIARECORDING0000001", "s", null, null, null, "recording");
            }

            @Override
            public String describe() {
                return "recording";
            }
        };
        CredentialChain chain = new CredentialChain(Arrays.asList(recording), "recording");
        try (URLClassLoader application = new URLClassLoader(new URL[0], null)) {
            Thread thread = Thread.currentThread();
            ClassLoader original = thread.getContextClassLoader();
            thread.setContextClassLoader(application);
            try {
                chain.resolve();
                assertSame(application, thread.getContextClassLoader(), "caller's loader not restored");
            } finally {
                thread.setContextClassLoader(original);
            }
        }
        assertSame(CredentialChain.class.getClassLoader(), seen.get());
    }

    @Test
    void restoresTheCallersContextClassLoaderAfterAFailure() throws IOException {
        CredentialChain chain = machine().chain();
        try (URLClassLoader application = new URLClassLoader(new URL[0], null)) {
            Thread thread = Thread.currentThread();
            ClassLoader original = thread.getContextClassLoader();
            thread.setContextClassLoader(application);
            try {
                assertThrows(CredentialException.class, chain::resolve);
                assertSame(application, thread.getContextClassLoader());
            } finally {
                thread.setContextClassLoader(original);
            }
        }
    }

    @Test
    void unexpectedStepFailuresBecomeInternalErrors() {
        Step broken = new Step() {
            @Override
            public boolean isConfigured() {
                return true;
            }

            @Override
            public Credentials resolve() {
                throw new NullPointerException("oops");
            }

            @Override
            public String describe() {
                return "broken";
            }
        };
        CredentialException e = failure(new CredentialChain(Arrays.asList(broken), "broken"));
        assertEquals(Category.INTERNAL, e.category());
        assertEquals("broken: unexpected failure: oops", e.getMessage());
    }

    @Test
    void describesItsSteps() {
        assertEquals("system properties, environment variables, web identity, profile 'default', container, instance metadata",
                machine().chain().describe());
        assertEquals("profile 'dev' (AWS_PROFILE)", machine().env("AWS_PROFILE", "dev").chain().describe().split(", ")[3]);
        assertEquals("profile 'app' (credagent option profile)", machine().chain("profile=app").describe());
    }

    @Test
    void createsAndDescribesAChainForTheRealProcessWithoutResolving() {
        assertEquals(6, CredentialChain.create(io.credagent.config.AgentConfig.defaults(), Environment.system())
                .describe().split(", ").length);
    }

    @Test
    void createReadsNoFiles() {
        // A config file that cannot be parsed only matters once the chain runs.
        CredentialChain chain = machine().config("garbage").chain();
        assertEquals(Category.PARSE_ERROR, failure(chain).category());
    }
}
