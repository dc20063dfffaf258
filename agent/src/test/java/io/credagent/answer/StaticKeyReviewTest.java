package io.credagent.answer;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.CredentialSource;
import io.credagent.credentials.Credentials;
import io.credagent.config.OverrideMode;
import io.credagent.log.CapturedLog;
import io.credagent.log.Log;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** What becomes of keys returned by any lookup, on the real SDK v2 credentials classes. */
class StaticKeyReviewTest {

    private static final String HARD_CODED = "AKIAHARDCODEDKEY1234";
    private final AwsBasicCredentials hardCoded = AwsBasicCredentials.create(HARD_CODED, "hard-coded-secret");
    private final StaticCredentialsProvider supplier = StaticCredentialsProvider.create(hardCoded);
    private final CredentialSource defaultIdentity = mock(CredentialSource.class);
    private final IdentitySources sources = mock(IdentitySources.class);

    StaticKeyReviewTest() {
        when(sources.defaultChain()).thenReturn(defaultIdentity);
        when(defaultIdentity.describe()).thenReturn("profile 'dev'");
    }

    private StaticKeyReview review(OverrideMode mode) {
        return new StaticKeyReview(mode, sources, new FailureLog(), new AgentDefects());
    }

    @Test
    void staticReplacesALongTermKeyByTheDefaultIdentityAndSaysItOnce() {
        when(defaultIdentity.resolve()).thenReturn(new Credentials("ASIADEVDEVDEVDEV1234", "dev-secret", "dev-token", null, null, "dev"));
        StaticKeyReview review = review(OverrideMode.STATIC);
        try (CapturedLog log = new CapturedLog(Log.Level.INFO)) {
            for (int i = 0; i < 3; i++) {
                AwsSessionCredentials answer = (AwsSessionCredentials) review.apply(hardCoded, supplier);
                assertEquals("ASIADEVDEVDEVDEV1234", answer.accessKeyId());
                assertEquals("dev-token", answer.sessionToken());
            }
            assertEquals(1, log.lines(), log.text());
            assertTrue(log.text().startsWith("credagent: override=static: static key AKIA...1234 from "
                    + StaticCredentialsProvider.class.getName() + ", used from "), log.text());
            assertTrue(log.text().endsWith(" is replaced by credentials from profile 'dev'\n"), log.text());
            assertFalse(log.text().contains(HARD_CODED), "masked");
        }
        assertEquals(1, review.seen().length);
        assertTrue(review.seen()[0].endsWith(": replaced"), review.seen()[0]);
    }

    @Test
    void temporaryCredentialsAndAnonymousOnesPassUntouched() {
        StaticKeyReview review = review(OverrideMode.STATIC);
        AwsSessionCredentials temporary = AwsSessionCredentials.create("ASIATEMPORARYKEY1234", "s", "t");
        assertSame(temporary, review.apply(temporary, supplier));
        AwsCredentials anonymous = AnonymousCredentialsProvider.create().resolveCredentials();
        assertSame(anonymous, review.apply(anonymous, supplier));
        assertSame(this, review.apply(this, supplier), "not SDK credentials at all");
        verify(defaultIdentity, never()).resolve();
    }

    @Test
    void theDefaultIdentitysOwnKeyIsKept() {
        when(defaultIdentity.resolve()).thenReturn(new Credentials(HARD_CODED, "hard-coded-secret", null, null, null, "env"));
        assertSame(hardCoded, review(OverrideMode.STATIC).apply(hardCoded, supplier));
    }

    @Test
    void aFailingDefaultIdentityFailsTheLookupInsteadOfFallingBackToTheKey() {
        when(defaultIdentity.resolve()).thenThrow(new CredentialException(CredentialException.Category.NEEDS_PERSON,
                "profile 'dev': the SSO session has expired; run: aws sso login --profile dev"));
        try (CapturedLog log = new CapturedLog(Log.Level.INFO)) {
            Object answer = review(OverrideMode.STATIC).apply(hardCoded, supplier);
            assertTrue(answer instanceof SdkClientException, String.valueOf(answer));
            assertTrue(((SdkClientException) answer).getMessage().contains("aws sso login --profile dev"));
        }
    }

    @Test
    void reportKeepsTheKeyAndSaysWhatStaticWouldDoWithoutResolvingAnything() {
        StaticKeyReview review = review(OverrideMode.REPORT);
        try (CapturedLog log = new CapturedLog(Log.Level.INFO)) {
            assertSame(hardCoded, review.apply(hardCoded, supplier));
            assertSame(hardCoded, review.apply(hardCoded, StaticKeyReviewTest.class));
            assertEquals(1, log.lines(), log.text());
            assertTrue(log.text().startsWith("credagent: override=report: static key AKIA...1234 from "
                    + StaticCredentialsProvider.class.getName()), log.text());
            assertTrue(log.text().endsWith("(override=static would replace it by credentials from profile 'dev')\n"), log.text());
        }
        verify(defaultIdentity, never()).resolve();
        assertTrue(review.seen()[0].endsWith(": reported"), review.seen()[0]);
    }

    @Test
    void credentialsCredagentFoundAreReviewedTooUnlessTheyAreTheDefaultIdentitys() {
        Credentials profileKeys = new Credentials("AKIALEGACYPROFILE123", "s", null, null, null, "profile legacy");
        Credentials dev = new Credentials("ASIADEVDEVDEVDEV1234", "dev-secret", "dev-token", null, null, "dev");
        when(defaultIdentity.resolve()).thenReturn(dev);
        CredentialSource legacy = mock(CredentialSource.class);
        StaticKeyReview review = review(OverrideMode.STATIC);
        assertSame(defaultIdentity, review.replacementFor(profileKeys, legacy, supplier));
        assertSame(dev, review.replaced(profileKeys.accessKeyId(), defaultIdentity, supplier));
        assertEquals(null, review.replacementFor(profileKeys, defaultIdentity, supplier), "the default identity is what replaces");
        assertEquals(1, review.seen().length);
    }

    @Test
    void reportSaysTheDefaultIdentitysOwnKeysAreWhatStaticKeeps() {
        Credentials envKeys = new Credentials("AKIAENVIRONMENT12345", "s", null, null, null, "environment");
        StaticKeyReview review = review(OverrideMode.REPORT);
        try (CapturedLog log = new CapturedLog(Log.Level.INFO)) {
            assertEquals(null, review.replacementFor(envKeys, defaultIdentity, supplier));
            assertTrue(log.text().contains("(override=static would replace it by nothing: they are the default identity's own)"),
                    log.text());
        }
        verify(defaultIdentity, never()).resolve();
    }

    @Test
    void aDefaultIdentityThatCannotEvenBeBuiltStillLetsReportSayTheKeyOnce() {
        when(defaultIdentity.describe()).thenThrow(new CredentialException(CredentialException.Category.PARSE_ERROR,
                "~/.aws/config: line 3: not a property"));
        StaticKeyReview review = review(OverrideMode.REPORT);
        try (CapturedLog log = new CapturedLog(Log.Level.INFO)) {
            for (int i = 0; i < 3; i++) {
                assertSame(hardCoded, review.apply(hardCoded, supplier));
            }
            assertEquals(1, log.lines(), log.text());
            assertTrue(log.text().contains("would replace it by the default identity (not available now:"), log.text());
            assertFalse(log.text().contains("agent defect"), log.text());
        }
        verify(defaultIdentity, org.mockito.Mockito.times(1)).describe();
    }
}
