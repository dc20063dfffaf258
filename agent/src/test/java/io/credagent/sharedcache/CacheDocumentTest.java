package io.credagent.sharedcache;

import io.credagent.credentials.Credentials;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CacheDocumentTest {

    private static final Instant EXPIRY = Instant.parse("2026-12-02T01:00:00Z");

    /** What `aws sts`-backed profiles leave in ~/.aws/cli/cache (botocore's JSONFileCache). */
    private static final String CLI_ROLE_ENTRY = "{\"Credentials\": {\"AccessKeyId\": \"ASIAEXAMPLEEXAMPLE12\", "
            + "\"SecretAccessKey\": \"secret/+=\", \"SessionToken\": \"token\", \"Expiration\": \"2026-12-02T01:00:00UTC\"}, "
            + "\"AssumedRoleUser\": {\"AssumedRoleId\": \"AROAEXAMPLE:botocore-session-1\", "
            + "\"Arn\": \"arn:aws:sts::123456789012:assumed-role/Admin/botocore-session-1\"}, "
            + "\"ResponseMetadata\": {\"RequestId\": \"r\", \"HTTPStatusCode\": 200, \"RetryAttempts\": 0}}";

    @Test
    void readsTheCliRoleEntry() {
        Credentials read = CacheDocument.read(CLI_ROLE_ENTRY, "profile 'admin'");
        assertEquals("ASIAEXAMPLEEXAMPLE12", read.accessKeyId());
        assertEquals("secret/+=", read.secretAccessKey());
        assertEquals("token", read.sessionToken());
        assertEquals(EXPIRY, read.expiration());
        assertNull(read.accountId());
        assertEquals("profile 'admin'", read.source());
    }

    @Test
    void readsEveryExpirationFormatTheCliAndSdksWrite() {
        assertEquals(EXPIRY, CacheDocument.parseExpiration("2026-12-02T01:00:00UTC"));
        assertEquals(EXPIRY, CacheDocument.parseExpiration("2026-12-02T01:00:00Z"));
        assertEquals(EXPIRY, CacheDocument.parseExpiration("2026-12-02T02:00:00+01:00"));
        assertEquals(EXPIRY.plusMillis(500), CacheDocument.parseExpiration("2026-12-02T01:00:00.500Z"));
        assertNull(CacheDocument.parseExpiration("tomorrow"));
    }

    @Test
    void anythingElseIsAMiss() {
        assertNull(CacheDocument.read(CLI_ROLE_ENTRY.substring(0, CLI_ROLE_ENTRY.length() / 2), "p")); // partial write
        assertNull(CacheDocument.read("", "p"));
        assertNull(CacheDocument.read("[]", "p"));
        assertNull(CacheDocument.read("{\"accessToken\": \"x\", \"expiresAt\": \"2026-12-02T01:00:00Z\"}", "p")); // an SSO token
        assertNull(CacheDocument.read(CLI_ROLE_ENTRY.replace("\"SessionToken\": \"token\", ", ""), "p")); // long-term keys
        assertNull(CacheDocument.read(CLI_ROLE_ENTRY.replace("2026-12-02T01:00:00UTC", "soon"), "p"));
        assertNull(CacheDocument.read(CLI_ROLE_ENTRY.replace("\"token\"", "42"), "p"));
    }

    @Test
    void writesRoleEntriesAsTheCli() {
        Credentials credentials = new Credentials("ASIAEXAMPLEEXAMPLE12", "secret/+=", "token", EXPIRY.plusMillis(999),
                "123456789012", "profile 'admin'");
        assertEquals("{\"Credentials\": {\"AccessKeyId\": \"ASIAEXAMPLEEXAMPLE12\", \"SecretAccessKey\": \"secret/+=\", "
                        + "\"SessionToken\": \"token\", \"Expiration\": \"2026-12-02T01:00:00UTC\", \"AccountId\": \"123456789012\"}}",
                CacheDocument.render(credentials, CacheDocument.Kind.ROLE));
        assertEquals(credentials.accessKeyId(), CacheDocument.read(
                CacheDocument.render(credentials, CacheDocument.Kind.ROLE), "p").accessKeyId());
    }

    @Test
    void writesSsoEntriesAsTheCli() {
        Credentials credentials = new Credentials("ASIAEXAMPLEEXAMPLE12", "s", "t", EXPIRY, "123456789012", "p");
        assertEquals("{\"ProviderType\": \"sso\", \"Credentials\": {\"AccessKeyId\": \"ASIAEXAMPLEEXAMPLE12\", "
                        + "\"SecretAccessKey\": \"s\", \"SessionToken\": \"t\", \"Expiration\": \"2026-12-02T01:00:00Z\", "
                        + "\"AccountId\": \"123456789012\"}}",
                CacheDocument.render(credentials, CacheDocument.Kind.SSO));
    }
}
