package io.credagent.answer;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.CredentialSource;
import io.credagent.credentials.Credentials;
import io.credagent.config.OverrideMode;
import io.credagent.sdk.SdkFamily;
import io.credagent.sdk.SdkObjects;

import java.util.function.BiFunction;

/**
 * Option {@code override}: what becomes of a long-term access key (one without a session token)
 * that a credential lookup hands to an SDK client, whichever class supplied it. {@code report}
 * keeps it and says it once; {@code static} answers from the default identity instead (credagent's
 * {@code profile} option or the default chain), unless the key is that identity's own, and fails
 * the lookup with that identity's error rather than fall back to the key.
 *
 * <p>Called by the bridge for what any checked lookup returns ({@link ReturnedKeyCheck}), and by
 * the {@link CredentialAnswerer} for what credagent itself answers.
 */
final class StaticKeyReview implements BiFunction<Object, Object, Object> {

    private final OverrideMode mode;
    private final IdentitySources sources;
    private final FailureLog failures;
    private final AgentDefects defects;
    private final StaticKeyReport report = new StaticKeyReport();
    /** Set while this thread reviews: a review that runs application code must not review again. */
    private final ThreadLocal<Boolean> reviewing = new ThreadLocal<>();

    StaticKeyReview(OverrideMode mode, IdentitySources sources, FailureLog failures, AgentDefects defects) {
        this.mode = mode;
        this.sources = sources;
        this.failures = failures;
        this.defects = defects;
    }

    /** The bridge's review: {@code credentials} itself, their replacement, or the SDK exception to throw. */
    @Override
    public Object apply(Object credentials, Object supplier) {
        if (reviewing.get() != null) {
            return credentials; // the application's own credentials class called back into a checked lookup
        }
        reviewing.set(Boolean.TRUE);
        try {
            return review(credentials, supplier);
        } catch (RuntimeException | LinkageError defect) {
            defects.report(defect, supplier);
            return credentials;
        } finally {
            reviewing.remove();
        }
    }

    private Object review(Object credentials, Object supplier) {
        SdkCredentialsType type = SdkCredentialsType.of(credentials.getClass());
        if (!type.longTerm) {
            return credentials;
        }
        String accessKeyId = type.sdk.accessKeyId(credentials);
        if (accessKeyId == null || accessKeyId.isEmpty()) {
            return credentials; // anonymous
        }
        if (mode == OverrideMode.REPORT) {
            report.seen(accessKeyId, supplier, null, this::wouldBe);
            return credentials;
        }
        CredentialSource replacement = sources.defaultChain();
        Credentials answer;
        try {
            answer = replaced(accessKeyId, replacement, supplier);
            failures.recovered(replacement);
        } catch (CredentialException e) {
            failures.failed(replacement, e.getMessage());
            return type.sdk.clientException("credagent: " + e.getMessage());
        }
        // The default identity may be this very key: then the application's own object stays.
        return accessKeyId.equals(answer.accessKeyId()) ? credentials : type.sdk.credentials(answer);
    }

    /**
     * For long-term keys credagent's own chain found for {@code provider} (a profile with keys, the
     * environment): with {@code report}, says them and returns null (they stay); with {@code static},
     * the source that answers instead, or null when {@code source} is already the default identity.
     */
    CredentialSource replacementFor(Credentials resolved, CredentialSource source, Object provider) {
        CredentialSource replacement = sources.defaultChain();
        if (mode == OverrideMode.REPORT) {
            report.seen(resolved.accessKeyId(), provider, null,
                    source == replacement ? () -> "nothing: they are the default identity's own" : this::wouldBe);
            return null;
        }
        return source == replacement ? null : replacement;
    }

    /**
     * The replacement's credentials for the key {@code accessKeyId}, said once when they differ.
     *
     * @throws CredentialException when the replacement fails: the lookup fails, the key is not used
     */
    Credentials replaced(String accessKeyId, CredentialSource replacement, Object supplier) {
        Credentials answer = replacement.resolve();
        if (!answer.accessKeyId().equals(accessKeyId)) {
            report.seen(accessKeyId, supplier, replacement::describe, null);
        }
        return answer;
    }

    /** What {@code static} would answer with, for a report line; never fails the report. */
    private String wouldBe() {
        try {
            return "credentials from " + sources.defaultChain().describe();
        } catch (RuntimeException e) {
            return "the default identity (not available now: " + e.getMessage() + ")";
        }
    }

    /** What was said, for {@code status}. */
    String[] seen() {
        return report.seen();
    }

    /** An SDK copy's credentials class: whether it holds a long-term key, and the copy to build answers in. */
    private static final class SdkCredentialsType {
        private static final ClassValue<SdkCredentialsType> TYPES = new ClassValue<SdkCredentialsType>() {
            @Override
            protected SdkCredentialsType computeValue(Class<?> type) {
                return new SdkCredentialsType(type);
            }
        };

        final boolean longTerm;
        final SdkObjects sdk;

        private SdkCredentialsType(Class<?> type) {
            SdkObjects copy = null;
            boolean session = false;
            for (Class<?> supertype : supertypes(type)) {
                String name = supertype.getName();
                session |= name.endsWith(".amazonaws.auth.AWSSessionCredentials")
                        || name.endsWith(".awssdk.identity.spi.AwsSessionCredentialsIdentity")
                        || name.endsWith(".awssdk.auth.credentials.AwsSessionCredentials");
                if (copy == null) {
                    copy = SdkFamily.objectsOf(supertype);
                }
            }
            this.sdk = copy;
            this.longTerm = copy != null && !session;
        }

        static SdkCredentialsType of(Class<?> type) {
            return TYPES.get(type);
        }

        private static java.util.Set<Class<?>> supertypes(Class<?> type) {
            java.util.Set<Class<?>> all = new java.util.LinkedHashSet<>();
            java.util.Deque<Class<?>> todo = new java.util.ArrayDeque<>();
            todo.add(type);
            while (!todo.isEmpty()) {
                Class<?> next = todo.poll();
                if (all.add(next)) {
                    if (next.getSuperclass() != null) {
                        todo.add(next.getSuperclass());
                    }
                    todo.addAll(java.util.Arrays.asList(next.getInterfaces()));
                }
            }
            return all;
        }
    }
}
