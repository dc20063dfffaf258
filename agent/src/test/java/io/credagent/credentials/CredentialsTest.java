package io.credagent.credentials;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsTest {

    private static final Instant EXPIRY = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void toStringMasksTheKeyAndHidesSecretAndToken() {
        Credentials credentials = new Credentials("ASIAABCDEFGHIJKLWXYZ", "theSecretKeyValue", "theSessionTokenValue",
                EXPIRY, "123456789012", "profile 'dev' (sso-session 'corp')");
        String text = credentials.toString();
        assertEquals("Credentials[ASIA...WXYZ, session, expires 2030-01-01T00:00:00Z, account 123456789012, "
                + "from profile 'dev' (sso-session 'corp')]", text);
        assertFalse(text.contains("theSecretKeyValue"));
        assertFalse(text.contains("theSessionTokenValue"));
        assertFalse(text.contains("ABCDEFGHIJKL"));
    }

    @Test
    void theSdksNeverIsNoExpiration() {
        // What SDK v2 reports for a credential_process document without Expiration.
        Credentials forever = new Credentials("ASIAFOREVER12345678", "secret", "token", java.time.Instant.MAX, null, "process");
        org.junit.jupiter.api.Assertions.assertNull(forever.expiration());
    }

    @Test
    void blankOptionalValuesBecomeNull() {
        Credentials credentials = new Credentials("AKIAABCDEFGHIJKLWXYZ", "s", " ", null, "", null);
        assertNull(credentials.sessionToken());
        assertNull(credentials.accountId());
        assertEquals("Credentials[AKIA...WXYZ, long-term, from unknown]", credentials.toString());
    }

    @Test
    void keyAndSecretAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new Credentials(null, "s", null, null, null, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Credentials("AKIAABCDEFGHIJKLWXYZ", " ", null, null, null, "x"));
    }

    @Test
    void valueEquality() {
        Credentials a = new Credentials("AKIAABCDEFGHIJKLWXYZ", "s", "t", EXPIRY, null, "x");
        assertEquals(a, new Credentials("AKIAABCDEFGHIJKLWXYZ", "s", "t", EXPIRY, null, "x"));
        assertNotEquals(a, new Credentials("AKIAABCDEFGHIJKLWXYZ", "s", "t2", EXPIRY, null, "x"));
        assertEquals(a.hashCode(), new Credentials("AKIAABCDEFGHIJKLWXYZ", "s", "t", EXPIRY, null, "x").hashCode());
    }

    @Test
    void fromSdkKeepsTokenExpirationAndAccount() {
        Credentials session = Credentials.fromSdk(AwsSessionCredentials.builder().accessKeyId("ASIAABCDEFGHIJKLWXYZ")
                .secretAccessKey("s").sessionToken("t").expirationTime(EXPIRY).accountId("123456789012").build(), "src");
        assertEquals("t", session.sessionToken());
        assertEquals(EXPIRY, session.expiration());
        assertEquals("123456789012", session.accountId());
        assertEquals("src", session.source());
        Credentials basic = Credentials.fromSdk(AwsBasicCredentials.create("AKIAABCDEFGHIJKLWXYZ", "s"), "src");
        assertNull(basic.sessionToken());
        assertNull(basic.expiration());
    }

    @Test
    void exceptionMessagesAreOneMaskedLine() {
        CredentialException e = new CredentialException(CredentialException.Category.SERVICE_ERROR,
                "STS said\n  no for ASIAABCDEFGHIJKLWXYZ\twith secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertEquals("STS said no for ASIA...WXYZ with secret ****", e.getMessage());
        assertEquals(CredentialException.Category.SERVICE_ERROR, e.category());
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            longText.append("word ");
        }
        assertTrue(new CredentialException(CredentialException.Category.INTERNAL, longText.toString()).getMessage().length() <= 1000);
    }
}
