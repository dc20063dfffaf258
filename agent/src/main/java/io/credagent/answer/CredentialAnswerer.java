package io.credagent.answer;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.CredentialSource;
import io.credagent.credentials.Credentials;
import io.credagent.cache.RefreshingSource;
import io.credagent.config.OverrideMode;
import io.credagent.login.DesktopLogin;
import io.credagent.log.Log;

import java.util.List;
import java.util.function.Function;

/**
 * Answers intercepted lookups for the bridge: credentials from the source for the identity the
 * provider stands for, built as the caller's own SDK objects, or the caller's own SDK client
 * exception when that source fails. Returns {@code null} for receivers credagent does not answer,
 * so their original code runs.
 */
public final class CredentialAnswerer implements Function<Object, Object> {

    private final List<InterceptedLookup> enabled;
    private final IdentitySources sources;
    private final FailureLog failures = new FailureLog();
    private final AgentDefects defects = new AgentDefects();
    /** With option {@code override}; null without. */
    private final StaticKeyReview staticKeys;
    /** With option {@code interactive=desktop}; null without. */
    private volatile DesktopLogin desktopLogin;
    /** The classes answered for, for {@code status}. */
    private final java.util.Queue<AnsweredProvider> answeredClasses = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Per provider class, computed once; a ClassValue does not keep application loaders alive. */
    private final ClassValue<AnsweredProvider> providers = new ClassValue<AnsweredProvider>() {
        @Override
        protected AnsweredProvider computeValue(Class<?> type) {
            try {
                AnsweredProvider answered = AnsweredProvider.of(type, enabled);
                if (answered != AnsweredProvider.NONE) {
                    answeredClasses.add(answered);
                }
                return answered;
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                Log.debug("not answering for " + type.getName() + ": it lacks what credagent needs: " + e);
                return AnsweredProvider.NONE;
            }
        }
    };

    CredentialAnswerer(List<InterceptedLookup> enabled, IdentitySources sources) {
        this(enabled, sources, OverrideMode.NONE);
    }

    public CredentialAnswerer(List<InterceptedLookup> enabled, IdentitySources sources, OverrideMode override) {
        this.enabled = enabled;
        this.sources = sources;
        this.staticKeys = override == OverrideMode.NONE ? null : new StaticKeyReview(override, sources, failures, defects);
    }

    /** Option {@code interactive=desktop}: lookups that need a new SSO login start one in the browser. */
    public void loginsAtTheDesktop(DesktopLogin login) {
        this.desktopLogin = login;
    }

    /** The review of what every credential lookup returns, for the bridge, with option {@code override}; null without. */
    public java.util.function.BiFunction<Object, Object, Object> staticKeyReview() {
        return staticKeys;
    }

    /**
     * The bridge's answer. A defect of credagent's (anything but a source's {@link CredentialException})
     * is said and counted here, and the SDK's own lookup runs; the bridge's own catch is the last resort.
     */
    @Override
    public Object apply(Object provider) {
        try {
            return answer(provider);
        } catch (RuntimeException | LinkageError defect) {
            defects.report(defect, provider);
            return null;
        }
    }

    /** Defects so far. */
    public long defects() {
        return defects.count();
    }

    /** Provider class name and lookups answered, for each class answered for. */
    public java.util.Map<String, Long> lookups() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (AnsweredProvider answered : answeredClasses) {
            counts.merge(answered.className, answered.lookups.sum(), Long::sum);
        }
        return counts;
    }

    public String[] staticKeys() {
        return staticKeys == null ? new String[0] : staticKeys.seen();
    }

    private static void retryNow(CredentialSource source) {
        if (source instanceof RefreshingSource) {
            ((RefreshingSource) source).retryNow();
        }
    }

    private Object answer(Object provider) {
        AnsweredProvider answered = providers.get(provider.getClass());
        if (answered == AnsweredProvider.NONE) {
            return null;
        }
        answered.lookups.increment();
        CredentialSource source = answered.source(provider, sources);
        try {
            Credentials resolved = source.resolve();
            if (staticKeys != null && resolved.sessionToken() == null) {
                CredentialSource replacement = staticKeys.replacementFor(resolved, source, provider);
                if (replacement != null) {
                    // From here on the replacement answers: its failures and recoveries are its own.
                    source = replacement;
                    resolved = staticKeys.replaced(resolved.accessKeyId(), replacement, provider);
                }
            }
            failures.recovered(source);
            return answered.sdk.credentials(resolved);
        } catch (CredentialException e) {
            return failure(answered, source, e);
        }
    }

    /** The SDK exception for a failed source; with {@code interactive=desktop}, maybe a browser login started. */
    private Object failure(AnsweredProvider answered, CredentialSource source, CredentialException e) {
        String message = e.getMessage();
        DesktopLogin login = desktopLogin;
        if (login != null && e.loginProfile() != null) {
            String waiting = login.begin(e.loginProfile(), () -> retryNow(source));
            message = waiting != null ? waiting + " (" + message + ")" : message;
        }
        failures.failed(source, message);
        return answered.sdk.clientException("credagent: " + message);
    }
}
