package io.credagent.answer;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.CredentialSource;
import io.credagent.credentials.Credentials;
import io.credagent.config.AgentConfig;
import io.credagent.log.CapturedLog;
import io.credagent.log.Log;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class CredentialAnswererTest {

    @Test
    void twoIdentitiesFailingInTurnAreEachSaidOnceAndRecoverOnTheirOwn() {
        CredentialSource dev = failing("profile 'dev': the SSO session has expired; run: aws sso login --profile dev");
        CredentialSource ops = failing("profile 'ops': STS refused the role");
        IdentitySources sources = mock(IdentitySources.class);
        when(sources.forProfile("dev")).thenReturn(dev);
        when(sources.forProfile("ops")).thenReturn(ops);
        CredentialAnswerer answerer = new CredentialAnswerer(InterceptedLookup.enabled(
                AgentConfig.load(null, Collections.emptyMap(), Collections.emptyMap())), sources);
        ProfileCredentialsProvider devProvider = ProfileCredentialsProvider.create("dev");
        ProfileCredentialsProvider opsProvider = ProfileCredentialsProvider.create("ops");

        try (CapturedLog log = new CapturedLog(Log.Level.INFO)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(answerer.apply(devProvider) instanceof SdkClientException);
                assertTrue(answerer.apply(opsProvider) instanceof SdkClientException);
            }
            assertEquals(2, log.lines(), "one line per identity's streak, not one per call: " + log.text());
            doReturn(new Credentials("ASIADEVDEVDEVDEV1234", "secret", "token", null, null, "dev")).when(dev).resolve();
            answerer.apply(devProvider);
            answerer.apply(opsProvider);
            assertEquals(3, log.lines(), log.text());
            assertTrue(log.text().endsWith("credagent: credentials available again from profile 'dev'\n"), log.text());
        }
    }

    private static CredentialSource failing(String message) {
        CredentialSource source = mock(CredentialSource.class);
        when(source.resolve()).thenThrow(new CredentialException(CredentialException.Category.SERVICE_ERROR, message));
        when(source.describe()).thenReturn(message.substring(0, message.indexOf(':')));
        return source;
    }

    @Test
    void aDefectLetsTheSdkAnswerAndIsSaidOncePerKindAndCounted() {
        // A source may throw only CredentialException: anything else is credagent's own defect.
        CredentialSource broken = mock(CredentialSource.class);
        when(broken.resolve()).thenThrow(new IllegalStateException("a bug in a source"));
        IdentitySources sources = mock(IdentitySources.class);
        when(sources.defaultChain()).thenReturn(broken);
        when(sources.defaultChainWithProfile(any())).thenReturn(broken);
        CredentialAnswerer answerer = new CredentialAnswerer(InterceptedLookup.enabled(
                AgentConfig.load(null, Collections.emptyMap(), Collections.emptyMap())), sources);
        DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build();

        try (CapturedLog log = new CapturedLog(Log.Level.ERROR)) {
            assertNull(answerer.apply(provider), "no answer: the SDK's own lookup runs");
            assertNull(answerer.apply(provider));
            assertEquals(1, log.lines(), log.text());
            String line = log.text();
            assertTrue(line.startsWith("credagent: agent defect while answering " + DefaultCredentialsProvider.class.getName()
                    + ", so the SDK's own lookup answered: java.lang.IllegalStateException: a bug in a source at "), line);
        }
        assertEquals(2, answerer.defects());
        verify(broken, times(2)).resolve();
    }
}
