package io.credagent.agent;

import io.credagent.chain.CredentialSource;
import io.credagent.config.AgentConfig;
import io.credagent.log.CapturedLog;
import io.credagent.log.Log;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class CredentialAnswererTest {

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
