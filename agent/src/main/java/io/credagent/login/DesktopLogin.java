package io.credagent.login;

import io.credagent.chain.CredentialChain;
import io.credagent.chain.Environment;
import io.credagent.chain.MfaCodes;
import io.credagent.chain.RoleProfiles;
import io.credagent.config.AgentConfig;
import io.credagent.config.CacheMode;
import io.credagent.credentials.CredentialException;
import io.credagent.log.Log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Option {@code interactive=desktop}: when a lookup finds that a profile's IAM Identity Center
 * session needs a new login, one browser login for it (the same flow as {@code login}: PKCE with a
 * loopback redirect) runs on a thread of credagent's, never more than one at a time. The lookup
 * does not wait for the person: it fails at once, saying that the login waits in the browser; the
 * first lookup after the login completed succeeds. For a role with {@code mfa_serial} the "login"
 * is the MFA code, asked on a page credagent opens in the browser ({@link MfaCodePage}); the role's
 * session then reaches the waiting lookups through the AWS CLI's cache, as after {@code login
 * --profile}. Without a desktop (and no {@code BROWSER} command) nothing is started, and that is
 * said once.
 */
public final class DesktopLogin {

    /** After a login that did not complete, how long lookups fail without starting another one. */
    static final long COOLDOWN_MILLIS = 120_000L;
    /** How long an MFA code page waits for the person. */
    static final java.time.Duration MFA_PAGE_TIMEOUT = java.time.Duration.ofMinutes(5);

    private final AgentConfig config;
    private final Environment env;
    private final AtomicReference<String> running = new AtomicReference<>();
    /** Per profile, read once: every lookup that fails while a login waits comes here. */
    private final java.util.Map<String, Boolean> usesMfa = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicBoolean headlessSaid = new AtomicBoolean();
    /** Asked once: probing the desktop initialises AWT. */
    private final boolean browserAvailable;
    /** When the last login that did not complete ended, and why; null when none failed. */
    private volatile long failedAt;
    private volatile String lastFailure;

    public DesktopLogin(AgentConfig config, Environment env) {
        this.config = config;
        this.env = env;
        this.browserAvailable = Browser.available(env.env("BROWSER"));
    }

    /**
     * Starts a browser login for {@code profile} unless one runs already; {@code onSuccess} runs
     * when it completes. Returns what the waiting lookup tells the application, or null when no
     * browser can be opened here (then the lookup fails as with {@code interactive=never}).
     */
    public String begin(String profile, Runnable onSuccess) {
        if (!browserAvailable) {
            if (headlessSaid.compareAndSet(false, true)) {
                Log.info("interactive=desktop: this JVM has no desktop to open a browser on (headless, no BROWSER"
                        + " command), so no login is started; lookups that need one fail as with interactive=never");
            }
            return null;
        }
        String failure = lastFailure;
        if (failure != null && System.currentTimeMillis() - failedAt < COOLDOWN_MILLIS && running.get() == null) {
            return "the browser login credagent started did not complete (" + failure + "); it starts another one "
                    + "at a call after " + java.time.Instant.ofEpochMilli(failedAt + COOLDOWN_MILLIS);
        }
        boolean mfa = usesMfa.computeIfAbsent(profile, name -> RoleProfiles.usesMfa(env, name));
        if (mfa && config.cache() != CacheMode.SHARED) {
            return "interactive=desktop asks for MFA codes only with cache=shared (the default), through which the"
                    + " role's session reaches this JVM's lookups";
        }
        if (running.get() == null && running.compareAndSet(null, profile)) {
            start(profile, mfa, onSuccess);
        }
        String current = running.get();
        String waiting = current != null ? current : profile;
        return mfa ? "the MFA code for profile '" + waiting + "' is asked in the browser (interactive=desktop): enter it"
                + " on the page credagent opened, and the next call succeeds"
                : "a browser login for profile '" + waiting + "' is waiting"
                + " (interactive=desktop): finish it in the browser credagent opened, and the next call succeeds";
    }

    /** The role's session, its MFA code asked on a page: it lands in the AWS CLI's cache. */
    private String mfaLogin(String profile) throws LoginException {
        Browser browser = new Browser(true, new PrintStream(new LinesToLog(), true), env.env("BROWSER"));
        try {
            MfaCodes.askingOnThisThread(new MfaCodePage(browser, MFA_PAGE_TIMEOUT),
                    () -> CredentialChain.forProfile(config, env, profile).resolve());
            return "MFA session of profile '" + profile + "' ready, shared through ~/.aws/cli/cache";
        } catch (CredentialException e) {
            throw new LoginException(e.getMessage(), LoginException.FAILED);
        }
    }

    private void start(String profile, boolean mfa, Runnable onSuccess) {
        Thread thread = new Thread(() -> {
            try {
                SsoLogin.Request request = new SsoLogin.Request();
                request.profile = profile;
                Log.info("interactive=desktop: " + (mfa ? mfaLogin(profile)
                        : SsoLogin.run(request, env, new PrintStream(new LinesToLog(), true))));
                lastFailure = null;
                onSuccess.run();
            } catch (LoginException e) {
                failed(e.getMessage());
                Log.error("interactive=desktop: the browser login for profile '" + profile + "' did not complete: "
                        + e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                failed(e.toString());
                Log.error("interactive=desktop: the browser login for profile '" + profile + "' failed: " + e);
            } finally {
                running.set(null);
            }
        }, "credagent-login");
        thread.setDaemon(true);
        thread.setContextClassLoader(DesktopLogin.class.getClassLoader());
        thread.start();
    }

    private void failed(String why) {
        failedAt = System.currentTimeMillis();
        lastFailure = why;
    }

    /** What the login would print for a person at a terminal, as credagent log lines (the URL to open among them). */
    private static final class LinesToLog extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = new String(line.toByteArray(), StandardCharsets.UTF_8).trim();
            line.reset();
            if (!text.isEmpty()) {
                Log.info("interactive=desktop: " + text);
            }
        }
    }
}
