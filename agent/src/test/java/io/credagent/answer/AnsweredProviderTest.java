package io.credagent.answer;

import io.credagent.chain.Environment;
import io.credagent.config.AgentConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Decisions per provider class and instance, on the real SDK v2 classes of the agent's own test class path. */
class AnsweredProviderTest {

    private final AgentConfig defaults = AgentConfig.defaults();
    private final IdentitySources sources = new IdentitySources(defaults,
            Environment.of(Collections.singletonMap("AWS_PROFILE", "team"), null));

    private static AnsweredProvider of(Class<?> type, String agentArgs) throws ReflectiveOperationException {
        List<InterceptedLookup> lookups = InterceptedLookup.enabled(
                AgentConfig.load(agentArgs, Collections.emptyMap(), Collections.emptyMap()));
        return AnsweredProvider.of(type, lookups);
    }

    @Test
    void profileProviderAnswersForTheProfileItsInstanceNames() throws ReflectiveOperationException {
        AnsweredProvider answered = of(ProfileCredentialsProvider.class, null);
        assertEquals(InterceptedLookup.V2_PROFILE, answered.lookup);
        assertSame(sources.forProfile("dev"), answered.source(ProfileCredentialsProvider.create("dev"), sources));
        assertNotSame(sources.forProfile("dev"), sources.forProfile("other"));
    }

    @Test
    void defaultProviderWithAProfileNameIsTheChainWithThatProfile() throws ReflectiveOperationException {
        AnsweredProvider answered = of(DefaultCredentialsProvider.class, null);
        assertSame(sources.defaultChain(), answered.source(DefaultCredentialsProvider.builder().build(), sources));
        assertSame(sources.defaultChainWithProfile("dev"),
                answered.source(DefaultCredentialsProvider.builder().profileName("dev").build(), sources));
        // The environment's own profile named explicitly is just the default chain (older SDKs store it).
        assertSame(sources.defaultChain(), sources.defaultChainWithProfile("team"));
    }

    @Test
    void inheritedLookupIsFilteredOnTheReceiver() throws ReflectiveOperationException {
        assertEquals(InterceptedLookup.V2_ENVIRONMENT, of(EnvironmentVariableCredentialsProvider.class, null).lookup);
        assertSame(AnsweredProvider.NONE, of(EnvironmentVariableCredentialsProvider.class, "intercept=default-chains"));
    }

    @Test
    void staticProvidersAreNeverAnsweredTheKeyCheckReviewsWhatTheyReturn() throws ReflectiveOperationException {
        assertSame(AnsweredProvider.NONE, of(StaticCredentialsProvider.class, null));
        assertSame(AnsweredProvider.NONE, of(StaticCredentialsProvider.class, "override=static"));
    }

    @Test
    void oneSdkObjectsPerCopy() throws ReflectiveOperationException {
        assertSame(of(ProfileCredentialsProvider.class, null).sdk, of(DefaultCredentialsProvider.class, null).sdk);
    }
}
