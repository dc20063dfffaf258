package io.credagent.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.AnonymousAWSCredentials;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.BasicSessionCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.AWSSecurityTokenServiceException;
import com.amazonaws.services.securitytoken.model.AssumeRoleRequest;
import com.amazonaws.services.securitytoken.model.AssumeRoleWithWebIdentityRequest;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.auth.SsoCredentialsProvider;
import software.amazon.awssdk.services.sso.internal.SsoTokenFileUtils;
import software.amazon.awssdk.services.sso.model.SsoException;
import software.amazon.awssdk.services.sso.model.GetRoleCredentialsRequest;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.internal.OnDiskTokenManager;
import software.amazon.awssdk.services.ssooidc.internal.SsoOidcToken;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.InvalidClientException;
import software.amazon.awssdk.services.ssooidc.model.InvalidGrantException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Drives the fake with the real SDK v1 and v2 clients, in process. If the fake's wire formats or
 * signature checks drift from what the SDKs do, these fail before any agent test is misled.
 */
class FakeAwsTest {
    private static final String USER_ARN = "arn:aws:iam::111122223333:user/alice";
    private static final String ROLE_ARN = "arn:aws:iam::444455556666:role/deploy/Deployer";

    private FakeAws fake;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeAws().start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    // ---- STS, SDK v2 --------------------------------------------------------------------------------

    @Test
    void v2GetCallerIdentityWithStaticUserKeysAnswersTheUser() {
        Principal alice = fake.staticUser(USER_ARN);
        assertTrue(alice.accessKeyId().matches("AKIA[A-Z0-9]{16}"), alice.accessKeyId());
        assertEquals(40, alice.secretAccessKey().length());

        try (StsClient sts = v2Sts(basic(alice))) {
            var identity = sts.getCallerIdentity();
            assertEquals(USER_ARN, identity.arn());
            assertEquals("111122223333", identity.account());
            assertEquals(alice.userId(), identity.userId());
        }
        LoggedRequest call = fake.callerIdentityCalls().get(0);
        assertEquals("sts", call.service());
        assertEquals(alice.accessKeyId(), call.signingAccessKeyId());
        assertEquals(USER_ARN, call.callerArn());
        assertEquals(1, fake.count("GetCallerIdentity"));
    }

    @Test
    void v2AssumeRoleThenCallerIdentityIsTheAssumedRole() {
        Principal alice = fake.staticUser(USER_ARN);
        Credentials session;
        try (StsClient sts = v2Sts(basic(alice))) {
            AssumeRoleResponse response = sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("ci-run"));
            session = response.credentials();
            assertEquals("arn:aws:sts::444455556666:assumed-role/Deployer/ci-run", response.assumedRoleUser().arn());
            assertTrue(response.assumedRoleUser().assumedRoleId().endsWith(":ci-run"));
        }
        assertTrue(session.accessKeyId().matches("ASIA[A-Z0-9]{16}"), session.accessKeyId());
        Principal issued = fake.principal(session.accessKeyId()).orElseThrow();
        assertEquals(issued.expiration(), session.expiration());
        assertEquals(issued.sessionToken(), session.sessionToken());

        try (StsClient sts = v2Sts(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(),
                session.sessionToken()))) {
            assertEquals(FakeAws.assumedRoleArn(ROLE_ARN, "ci-run"), sts.getCallerIdentity().arn());
        }
        LoggedRequest assume = fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).findFirst()
                .orElseThrow();
        assertEquals(alice.accessKeyId(), assume.signingAccessKeyId());
        assertEquals(USER_ARN, assume.callerArn());
        assertEquals(session.accessKeyId(), assume.issuedAccessKeyId());
        assertEquals(ROLE_ARN, assume.details().get("RoleArn"));
        assertEquals(session.accessKeyId(), fake.callerIdentityCalls().get(0).signingAccessKeyId());
    }

    @Test
    void v2WrongSecretIsSignatureDoesNotMatch() {
        Principal alice = fake.staticUser(USER_ARN);
        String wrongSecret = alice.secretAccessKey().substring(1) + "x";
        try (StsClient sts = v2Sts(AwsBasicCredentials.create(alice.accessKeyId(), wrongSecret))) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
        assertTrue(fake.callerIdentityCalls().isEmpty());
    }

    @Test
    void v2UnknownKeyAndMissingSessionTokenAreInvalidClientTokenId() {
        try (StsClient sts = v2Sts(AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "x".repeat(40)))) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        }
        Principal session = assumeRoleV2(fake.staticUser(USER_ARN), "s1");
        try (StsClient sts = v2Sts(AwsBasicCredentials.create(session.accessKeyId(), session.secretAccessKey()))) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        }
        try (StsClient sts = v2Sts(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(),
                fake.staticUser(USER_ARN).secretAccessKey()))) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void v2ExpiredSessionKeyIsExpiredTokenAndCounted() {
        Principal session = assumeRoleV2(fake.staticUser(USER_ARN), "short");
        try (StsClient sts = v2Sts(sessionCreds(session))) {
            assertEquals(FakeAws.assumedRoleArn(ROLE_ARN, "short"), sts.getCallerIdentity().arn());
            assertEquals(0, fake.expiredTokenRejections());

            fake.expire(session.accessKeyId());
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("ExpiredToken", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
        assertEquals(1, fake.expiredTokenRejections());
        assertEquals(1, fake.callerIdentityCalls().size());
    }

    @Test
    void credentialLifetimeShortensIssuedSessions() throws Exception {
        fake.credentialLifetime(Duration.ofSeconds(1));
        Principal session = assumeRoleV2(fake.staticUser(USER_ARN), "brief");
        assertTrue(session.expiration().isBefore(Instant.now().plusSeconds(3)), session.toString());
        Thread.sleep(Duration.between(Instant.now(), session.expiration()).toMillis() + 200);
        try (StsClient sts = v2Sts(sessionCreds(session))) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("ExpiredToken", e.awsErrorDetails().errorCode());
        }
        assertEquals(1, fake.expiredTokenRejections());
    }

    // ---- STS, SDK v1 --------------------------------------------------------------------------------

    @Test
    void v1StaticUserAssumeRoleAndCallerIdentity() {
        Principal alice = fake.staticUser(USER_ARN);
        AWSSecurityTokenService userSts = v1Sts(new BasicAWSCredentials(alice.accessKeyId(), alice.secretAccessKey()));
        assertEquals(USER_ARN, userSts.getCallerIdentity(new GetCallerIdentityRequest()).getArn());

        var result = userSts.assumeRole(new AssumeRoleRequest().withRoleArn(ROLE_ARN).withRoleSessionName("v1-session")
                .withExternalId("ext-123").withDurationSeconds(900)).getCredentials();
        Principal issued = fake.principal(result.getAccessKeyId()).orElseThrow();
        assertEquals(issued.expiration(), result.getExpiration().toInstant());
        // 900 s asked for, less than the default lifetime, so 900 s it is.
        long seconds = Duration.between(Instant.now(), issued.expiration()).getSeconds();
        assertTrue(seconds > 800 && seconds <= 900, "lifetime " + seconds);

        AWSSecurityTokenService sessionSts = v1Sts(new BasicSessionCredentials(result.getAccessKeyId(),
                result.getSecretAccessKey(), result.getSessionToken()));
        assertEquals(FakeAws.assumedRoleArn(ROLE_ARN, "v1-session"),
                sessionSts.getCallerIdentity(new GetCallerIdentityRequest()).getArn());

        LoggedRequest assume = fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).findFirst()
                .orElseThrow();
        assertEquals("ext-123", assume.details().get("ExternalId"));
        assertEquals("900", assume.details().get("DurationSeconds"));
        assertEquals(List.of(alice.accessKeyId(), result.getAccessKeyId()),
                fake.callerIdentityCalls().stream().map(LoggedRequest::signingAccessKeyId).toList());
    }

    @Test
    void v1WrongSecretIsSignatureDoesNotMatch() {
        Principal alice = fake.staticUser(USER_ARN);
        AWSSecurityTokenService sts = v1Sts(new BasicAWSCredentials(alice.accessKeyId(), "0".repeat(40)));
        AWSSecurityTokenServiceException e = assertThrows(AWSSecurityTokenServiceException.class,
                () -> sts.getCallerIdentity(new GetCallerIdentityRequest()));
        assertEquals("SignatureDoesNotMatch", e.getErrorCode());
        assertEquals(403, e.getStatusCode());
    }

    @Test
    void v1ExpiredSessionKeyIsExpiredToken() {
        Principal session = assumeRoleV2(fake.staticUser(USER_ARN), "v1-expiring");
        fake.expire(session.accessKeyId());
        AWSSecurityTokenService sts = v1Sts(new BasicSessionCredentials(session.accessKeyId(),
                session.secretAccessKey(), session.sessionToken()));
        AWSSecurityTokenServiceException e = assertThrows(AWSSecurityTokenServiceException.class,
                () -> sts.getCallerIdentity(new GetCallerIdentityRequest()));
        assertEquals("ExpiredToken", e.getErrorCode());
        assertEquals(fake.count("GetCallerIdentity"), fake.expiredTokenRejections());
        assertTrue(fake.expiredTokenRejections() >= 1);
    }

    // ---- STS by hand: GET with a query string, clock skew --------------------------------------------

    @Test
    void signedGetWithQueryStringIsVerified() throws IOException {
        Principal alice = fake.staticUser(USER_ARN);
        HttpResult ok = sendSigned(alice, Clock.systemUTC());
        assertEquals(200, ok.status, ok.body);
        assertTrue(ok.body.contains("<Arn>" + USER_ARN + "</Arn>"), ok.body);
        assertTrue(ok.body.contains("xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\""), ok.body);

        HttpResult skewed = sendSigned(alice, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16)));
        assertEquals(403, skewed.status);
        assertTrue(skewed.body.contains("<Code>SignatureDoesNotMatch</Code>"), skewed.body);
        assertTrue(skewed.body.contains("Signature expired"), skewed.body);

        HttpResult slightlySkewed = sendSigned(alice, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
        assertEquals(200, slightlySkewed.status, slightlySkewed.body);
    }

    @Test
    void unsignedAndUnknownActionsAreRejected() throws IOException {
        HttpResult unsigned = http("POST", fake.endpoint() + "/", Map.of("Content-Type",
                "application/x-www-form-urlencoded"), "Action=GetCallerIdentity&Version=2011-06-15");
        assertEquals(403, unsigned.status);
        assertTrue(unsigned.body.contains("<Code>MissingAuthenticationToken</Code>"), unsigned.body);
        assertTrue(unsigned.body.contains("<Type>Sender</Type>"), unsigned.body);

        try (StsClient sts = v2Sts(basic(fake.staticUser(USER_ARN)))) {
            StsException e = assertThrows(StsException.class,
                    () -> sts.assumeRole(r -> r.roleArn("not-an-arn").roleSessionName("x1")));
            assertEquals("ValidationError", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
    }

    // ---- web identity --------------------------------------------------------------------------------

    @Test
    void v2AssumeRoleWithWebIdentityAcceptsOnlyRegisteredTokens() {
        String jwt = jwt("https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE", "system:serviceaccount:ns:app");
        fake.registerWebIdentityToken(jwt);
        try (StsClient sts = v2Sts(AnonymousCredentialsProvider.create())) {
            AssumeRoleWithWebIdentityResponse response = sts.assumeRoleWithWebIdentity(r -> r.roleArn(ROLE_ARN)
                    .roleSessionName("pod").webIdentityToken(jwt));
            assertEquals("system:serviceaccount:ns:app", response.subjectFromWebIdentityToken());
            Credentials c = response.credentials();
            try (StsClient asRole = v2Sts(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(),
                    c.sessionToken()))) {
                assertEquals(FakeAws.assumedRoleArn(ROLE_ARN, "pod"), asRole.getCallerIdentity().arn());
            }

            String other = jwt("https://oidc.example.com", "someone-else");
            StsException e = assertThrows(StsException.class, () -> sts.assumeRoleWithWebIdentity(r -> r
                    .roleArn(ROLE_ARN).roleSessionName("pod").webIdentityToken(other)));
            assertEquals("InvalidIdentityToken", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains("No OpenIDConnect provider found in your account"),
                    e.awsErrorDetails().errorMessage());
        }
        LoggedRequest web = fake.requests().get(0);
        assertEquals("AssumeRoleWithWebIdentity", web.action());
        assertNull(web.signingAccessKeyId());
        assertTrue(fake.issuedSecrets().contains(jwt));
    }

    @Test
    void v1AssumeRoleWithWebIdentity() {
        String jwt = jwt("https://oidc.example.com", "v1-subject");
        fake.registerWebIdentityToken(jwt);
        AWSSecurityTokenService sts = v1Sts(new AnonymousAWSCredentials());
        var result = sts.assumeRoleWithWebIdentity(new AssumeRoleWithWebIdentityRequest().withRoleArn(ROLE_ARN)
                .withRoleSessionName("v1-web").withWebIdentityToken(jwt));
        assertEquals(FakeAws.assumedRoleArn(ROLE_ARN, "v1-web"), result.getAssumedRoleUser().getArn());
        assertNotNull(fake.principal(result.getCredentials().getAccessKeyId()).orElse(null));

        AWSSecurityTokenServiceException e = assertThrows(AWSSecurityTokenServiceException.class,
                () -> sts.assumeRoleWithWebIdentity(new AssumeRoleWithWebIdentityRequest().withRoleArn(ROLE_ARN)
                        .withRoleSessionName("v1-web").withWebIdentityToken("not-registered")));
        assertEquals("InvalidIdentityToken", e.getErrorCode());
    }

    // ---- SSO portal and SSO-OIDC --------------------------------------------------------------------

    @Test
    void ssoGetRoleCredentialsWithRegisteredToken() {
        fake.registerSsoAccessToken("sso-token-valid-0123456789", Instant.now().plusSeconds(3600), "777788889999",
                "Developer");
        try (SsoClient sso = ssoClient()) {
            RoleCredentials rc = sso.getRoleCredentials(r -> r.accessToken("sso-token-valid-0123456789")
                    .accountId("777788889999").roleName("Developer")).roleCredentials();
            Principal issued = fake.principal(rc.accessKeyId()).orElseThrow();
            assertEquals(issued.expiration().toEpochMilli(), rc.expiration());
            try (StsClient sts = v2Sts(AwsSessionCredentials.create(rc.accessKeyId(), rc.secretAccessKey(),
                    rc.sessionToken()))) {
                assertEquals("arn:aws:sts::777788889999:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/sso-user",
                        sts.getCallerIdentity().arn());
            }

            UnauthorizedException unknown = assertThrows(UnauthorizedException.class, () -> sso.getRoleCredentials(
                    r -> r.accessToken("nope").accountId("777788889999").roleName("Developer")));
            assertEquals(401, unknown.statusCode());
            assertEquals("Session token not found or invalid", unknown.awsErrorDetails().errorMessage());

            // The SSO model has no ForbiddenException type; real SSO still answers it for other roles.
            SsoException forbidden = assertThrows(SsoException.class, () -> sso.getRoleCredentials(r -> r
                    .accessToken("sso-token-valid-0123456789").accountId("777788889999").roleName("Admin")));
            assertEquals("ForbiddenException", forbidden.awsErrorDetails().errorCode());
            assertEquals(403, forbidden.statusCode());

            fake.registerSsoAccessToken("sso-token-expired-012345", Instant.now().minusSeconds(1), "777788889999",
                    "Developer");
            assertThrows(UnauthorizedException.class, () -> sso.getRoleCredentials(r -> r
                    .accessToken("sso-token-expired-012345").accountId("777788889999").roleName("Developer")));
        }
        assertEquals(4, fake.count("GetRoleCredentials"));
    }

    @Test
    void ssoCredentialsProviderReadsExpirationAsEpochMillis() {
        // SsoCredentialsProvider caches until Instant.ofEpochMilli(expiration) minus its stale time.
        // Were the fake to send seconds, that would be January 1970 and every call would refetch.
        fake.registerSsoAccessToken("sso-token-for-provider-0001", Instant.now().plusSeconds(3600), "777788889999",
                "Developer");
        GetRoleCredentialsRequest request = GetRoleCredentialsRequest.builder()
                .accessToken("sso-token-for-provider-0001").accountId("777788889999").roleName("Developer").build();
        try (SsoClient sso = ssoClient()) {
            SsoCredentialsProvider.Builder builder = SsoCredentialsProvider.builder();
            SsoCredentialsProvider provider = builder.ssoClient(sso).refreshRequest(request).build();
            String first = provider.resolveCredentials().accessKeyId();
            String second = provider.resolveCredentials().accessKeyId();
            provider.close();
            assertEquals(first, second);
            assertNotNull(fake.principal(first).orElse(null));
        }
        assertEquals(1, fake.count("GetRoleCredentials"));
    }

    @Test
    void ssoOidcRefreshIssuesAnAccessTokenThePortalAccepts() {
        fake.registerOidcClient("client-1", "client-secret-1", "refresh-token-1", "777788889999", "Developer");
        try (SsoOidcClient oidc = oidcClient(); SsoClient sso = ssoClient()) {
            CreateTokenResponse token = oidc.createToken(r -> r.clientId("client-1").clientSecret("client-secret-1")
                    .grantType("refresh_token").refreshToken("refresh-token-1"));
            assertEquals("Bearer", token.tokenType());
            assertEquals(3600, token.expiresIn());
            assertNotNull(token.refreshToken());
            assertNotEquals("refresh-token-1", token.refreshToken());
            assertTrue(fake.issuedSecrets().contains(token.accessToken()));

            RoleCredentials rc = sso.getRoleCredentials(r -> r.accessToken(token.accessToken())
                    .accountId("777788889999").roleName("Developer")).roleCredentials();
            assertNotNull(fake.principal(rc.accessKeyId()).orElse(null));

            // The rotated refresh token works as well.
            oidc.createToken(r -> r.clientId("client-1").clientSecret("client-secret-1").grantType("refresh_token")
                    .refreshToken(token.refreshToken()));

            InvalidGrantException badGrant = assertThrows(InvalidGrantException.class, () -> oidc.createToken(r -> r
                    .clientId("client-1").clientSecret("client-secret-1").grantType("refresh_token")
                    .refreshToken("refresh-token-unknown")));
            assertEquals(400, badGrant.statusCode());
            assertEquals("invalid_grant", badGrant.error());

            assertThrows(InvalidClientException.class, () -> oidc.createToken(r -> r.clientId("client-1")
                    .clientSecret("wrong").grantType("refresh_token").refreshToken("refresh-token-1")));
        }
        assertEquals(4, fake.count("CreateToken"));
    }

    // ---- SSO cache files ----------------------------------------------------------------------------

    @Test
    void ssoCacheFilesMatchSdkV2NamingAndFields(@TempDir Path home) throws IOException {
        // Test vector from SDK v2's own SsoTokenFileUtilsTest.
        assertEquals("6a888bdb653a4ba345dd68f21b896ec2e218c6f4",
                SsoCacheFiles.cacheKey("https//d-abc123.awsapps.com/start"));
        String startUrl = "https://d-abc123.awsapps.com/start";
        assertEquals(SsoTokenFileUtils.generateCachedTokenPath(startUrl, SsoCacheFiles.cacheDir(home).toString()),
                SsoCacheFiles.path(home, startUrl));

        Instant expires = Instant.parse("2030-01-01T00:00:00Z");
        Instant registrationExpires = Instant.parse("2031-02-03T04:05:06Z");
        Path file = SsoCacheFiles.write(home, "corp", new SsoCacheFiles.Token("access-1", expires, "us-east-1",
                startUrl, "client-1", "secret-1", registrationExpires, "refresh-1"));
        assertTrue(java.nio.file.Files.readString(file).contains("\"expiresAt\":\"2030-01-01T00:00:00Z\""));

        SsoOidcToken loaded = OnDiskTokenManager.create(SsoCacheFiles.cacheDir(home), "corp").loadToken().orElseThrow();
        assertEquals("access-1", loaded.token());
        assertEquals(expires, loaded.expirationTime().orElseThrow());
        assertEquals("us-east-1", loaded.region());
        assertEquals(startUrl, loaded.startUrl());
        assertEquals("client-1", loaded.clientId());
        assertEquals("secret-1", loaded.clientSecret());
        assertEquals(registrationExpires, loaded.registrationExpiresAt());
        assertEquals("refresh-1", loaded.refreshToken());

        // And what the SDK writes after a refresh reads back through SsoCacheFiles.
        OnDiskTokenManager.create(SsoCacheFiles.cacheDir(home), "corp").storeToken(SsoOidcToken.builder()
                .accessToken("access-2").expiresAt(expires.plusSeconds(60)).refreshToken("refresh-2")
                .clientId("client-1").clientSecret("secret-1").registrationExpiresAt(registrationExpires)
                .region("us-east-1").startUrl(startUrl).build());
        SsoCacheFiles.Token reread = SsoCacheFiles.read(file);
        assertEquals("access-2", reread.accessToken());
        assertEquals("refresh-2", reread.refreshToken());
        assertEquals(expires.plusSeconds(60), reread.expiresAt());
    }

    // ---- IMDS and container endpoint ----------------------------------------------------------------

    @Test
    void imdsV2ProtocolByHand() throws IOException {
        String base = fake.endpoint();
        assertEquals(404, http("PUT", base + "/latest/api/token", Map.of("X-aws-ec2-metadata-token-ttl-seconds",
                "21600"), "").status, "off until a role is set");

        fake.imdsRole("arn:aws:iam::123456789012:role/web-server");
        assertEquals(400, http("PUT", base + "/latest/api/token", Map.of(), "").status);
        HttpResult token = http("PUT", base + "/latest/api/token", Map.of("X-aws-ec2-metadata-token-ttl-seconds",
                "21600"), "");
        assertEquals(200, token.status);
        String path = "/latest/meta-data/iam/security-credentials/";

        assertEquals(401, http("GET", base + path, Map.of(), null).status);
        assertEquals(401, http("GET", base + path, Map.of("X-aws-ec2-metadata-token", "forged"), null).status);
        Map<String, String> auth = Map.of("X-aws-ec2-metadata-token", token.body);
        HttpResult roles = http("GET", base + path, auth, null);
        assertEquals("web-server", roles.body);

        HttpResult creds = http("GET", base + path + "web-server", auth, null);
        Map<String, Object> json = Json.parseObject(creds.body);
        assertEquals("Success", json.get("Code"));
        assertEquals("AWS-HMAC", json.get("Type"));
        Principal issued = fake.principal((String) json.get("AccessKeyId")).orElseThrow();
        assertEquals(issued.sessionToken(), json.get("Token"));
        assertEquals(issued.expiration(), Instant.parse((String) json.get("Expiration")));
        assertEquals("arn:aws:sts::123456789012:assumed-role/web-server/i-0123456789abcdef0", issued.arn());

        assertEquals(404, http("GET", base + "/latest/meta-data/iam/security-credentials-extended/", auth, null).status);
        assertEquals(404, http("GET", base + path + "other-role", auth, null).status);

        fake.imdsRole(null);
        assertEquals(404, http("GET", base + path, auth, null).status);
    }

    @Test
    void imdsServesSdkV2InstanceProfileProvider() {
        fake.imdsRole("arn:aws:iam::123456789012:role/web-server");
        try (InstanceProfileCredentialsProvider provider = InstanceProfileCredentialsProvider.builder()
                .endpoint(fake.endpoint()).build()) {
            AwsCredentials credentials = provider.resolveCredentials();
            try (StsClient sts = v2Sts(credentials)) {
                assertEquals("arn:aws:sts::123456789012:assumed-role/web-server/i-0123456789abcdef0",
                        sts.getCallerIdentity().arn());
            }
        }
        assertEquals(1, fake.count("GetCredentials"));
    }

    @Test
    void imdsServesSdkV1InstanceProfileProvider() throws IOException {
        fake.imdsRole("arn:aws:iam::123456789012:role/legacy-box");
        System.setProperty("com.amazonaws.sdk.ec2MetadataServiceEndpointOverride", fake.endpoint());
        try {
            @SuppressWarnings("deprecation")
            com.amazonaws.auth.InstanceProfileCredentialsProvider provider =
                    new com.amazonaws.auth.InstanceProfileCredentialsProvider(false);
            AWSCredentials credentials = provider.getCredentials();
            provider.close();
            assertEquals("arn:aws:sts::123456789012:assumed-role/legacy-box/i-0123456789abcdef0",
                    v1Sts(credentials).getCallerIdentity(new GetCallerIdentityRequest()).getArn());
        } finally {
            System.clearProperty("com.amazonaws.sdk.ec2MetadataServiceEndpointOverride");
        }
        assertTrue(fake.requests().stream().filter(r -> "imds".equals(r.service())).allMatch(LoggedRequest::ok),
                "SDK v1 spoke IMDSv2 without a rejected request: " + fake.requests());
    }

    @Test
    void containerEndpointServesSdkV2ContainerProvider() throws IOException {
        fake.containerRole("arn:aws:iam::123456789012:role/task-role", "Bearer pod-identity-token-0123");
        assertEquals(401, http("GET", fake.containerUri(), Map.of(), null).status);
        HttpResult byHand = http("GET", fake.containerUri(), Map.of("Authorization", "Bearer pod-identity-token-0123"),
                null);
        Map<String, Object> json = Json.parseObject(byHand.body);
        assertEquals("arn:aws:iam::123456789012:role/task-role", json.get("RoleArn"));
        assertEquals("123456789012", json.get("AccountId"));

        // SDK v2 reads these settings from system properties before the environment.
        System.setProperty("aws.containerCredentialsFullUri", fake.containerUri());
        System.setProperty("aws.containerAuthorizationToken", "Bearer pod-identity-token-0123");
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            AwsCredentials credentials = provider.resolveCredentials();
            try (StsClient sts = v2Sts(credentials)) {
                assertEquals("arn:aws:sts::123456789012:assumed-role/task-role/container-task",
                        sts.getCallerIdentity().arn());
            }
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
        }
        assertTrue(fake.issuedSecrets().contains("Bearer pod-identity-token-0123"));
    }

    // ---- bookkeeping --------------------------------------------------------------------------------

    @Test
    void issuedSecretsCoverKeysTokensAndBearerTokens() {
        Principal alice = fake.staticUser(USER_ARN);
        Principal session = assumeRoleV2(alice, "secrets");
        fake.registerSsoAccessToken("sso-access-token-xyz-0001", Instant.now().plusSeconds(60), "1", "R");
        assertTrue(fake.issuedSecrets().containsAll(List.of(alice.secretAccessKey(), session.secretAccessKey(),
                session.sessionToken(), "sso-access-token-xyz-0001")));
        assertTrue(!fake.issuedSecrets().contains(alice.accessKeyId()), "access key ids are not secret");
        assertTrue(!session.toString().contains(session.secretAccessKey()));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private Principal assumeRoleV2(Principal caller, String sessionName) {
        try (StsClient sts = v2Sts(basic(caller))) {
            String akid = sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName(sessionName)).credentials()
                    .accessKeyId();
            return fake.principal(akid).orElseThrow();
        }
    }

    private StsClient v2Sts(AwsCredentials credentials) {
        return v2Sts(StaticCredentialsProvider.create(credentials));
    }

    private StsClient v2Sts(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider provider) {
        return StsClient.builder().endpointOverride(URI.create(fake.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(provider).build();
    }

    private AWSSecurityTokenService v1Sts(AWSCredentials credentials) {
        return AWSSecurityTokenServiceClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(fake.endpoint(), "us-east-1"))
                .withCredentials(new AWSStaticCredentialsProvider(credentials)).build();
    }

    private SsoClient ssoClient() {
        return SsoClient.builder().endpointOverride(URI.create(fake.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    private SsoOidcClient oidcClient() {
        return SsoOidcClient.builder().endpointOverride(URI.create(fake.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    private static AwsBasicCredentials basic(Principal p) {
        return AwsBasicCredentials.create(p.accessKeyId(), p.secretAccessKey());
    }

    private static AwsSessionCredentials sessionCreds(Principal p) {
        return AwsSessionCredentials.create(p.accessKeyId(), p.secretAccessKey(), p.sessionToken());
    }

    /** An unsigned JWT-shaped token: the fake only decodes the claims, it never checks signatures. */
    private static String jwt(String issuer, String subject) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject
                + "\",\"aud\":\"sts.amazonaws.com\"}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".c2lnbmF0dXJl";
    }

    /** GetCallerIdentity as a GET with a query string, signed by the SDK v2 signer at the clock's time. */
    private HttpResult sendSigned(Principal who, Clock clock) throws IOException {
        URI endpoint = URI.create(fake.endpoint());
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).protocol("http")
                .host(endpoint.getHost()).port(endpoint.getPort()).encodedPath("/")
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putRawQueryParameter("Note", "a b/c+d~e*f") // exercises canonical query encoding
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(who.accessKeyId(), who.secretAccessKey()))
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        Map<String, String> headers = new java.util.HashMap<>();
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) headers.put(name, String.join(",", values));
        });
        return http("GET", signed.getUri().toString(), headers, null);
    }

    private record HttpResult(int status, String body) {
    }

    private static HttpResult http(String method, String url, Map<String, String> headers, String body)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        headers.forEach(c::setRequestProperty);
        if (body != null && !body.isEmpty()) {
            c.setDoOutput(true);
            c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (in != null) {
            in.transferTo(out);
            in.close();
        }
        return new HttpResult(status, out.toString(StandardCharsets.UTF_8));
    }
}
