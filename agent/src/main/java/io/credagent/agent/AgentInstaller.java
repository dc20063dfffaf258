package io.credagent.agent;

import io.credagent.bootstrap.CredentialBridge;
import io.credagent.answer.CredentialAnswerer;
import io.credagent.answer.IdentitySources;
import io.credagent.answer.InterceptedLookup;
import io.credagent.chain.Environment;
import io.credagent.config.AgentConfig;
import io.credagent.config.ConfigException;
import io.credagent.config.InteractiveMode;
import io.credagent.login.DesktopLogin;
import io.credagent.instrument.Instrumentations;
import io.credagent.log.Log;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Called once per JVM by {@code AgentEntry} inside the agent class loader: reads the
 * configuration, then connects the bridge and instruments the SDK classes. Never throws: on any
 * failure it prints one {@code credagent: disabled: ...} line and leaves the JVM untouched.
 */
public final class AgentInstaller {

    private AgentInstaller() {
    }

    public static void install(String options, Instrumentation instrumentation, boolean attached) {
        AgentConfig config;
        try {
            config = AgentConfig.load(options, credagentSystemProperties(), System.getenv());
        } catch (ConfigException e) {
            System.err.println("credagent: disabled: " + e.getMessage());
            return;
        }
        Log.configure(config.log());
        if (!config.enabled()) {
            Log.debug("disabled by option enabled=false");
            return;
        }
        try {
            List<InterceptedLookup> lookups = InterceptedLookup.enabled(config);
            IdentitySources sources = new IdentitySources(config, Environment.system());
            CredentialAnswerer answerer = new CredentialAnswerer(lookups, sources, config.override());
            if (config.interactive() == InteractiveMode.DESKTOP) {
                answerer.loginsAtTheDesktop(new DesktopLogin(config, Environment.system()));
            }
            sources.onNewIdentity(AgentStatus.of(versionNumber(), config, sources, answerer)::registerOnce);
            CredentialBridge.install(answerer, answerer.staticKeyReview());
            Instrumentations.install(instrumentation, InterceptedLookup.methodsByDeclaringTail(lookups),
                    answerer.staticKeyReview() != null, attached);
            Log.info("active" + version() + (attached ? " (attached)" : "") + ", " + describe(config));
        } catch (Throwable t) {
            CredentialBridge.uninstall();
            System.err.println("credagent: disabled: " + t);
        }
    }

    /** Only {@code credagent.*} keys: the rest of the system properties is none of our business. */
    private static Map<String, String> credagentSystemProperties() {
        Map<String, String> properties = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("credagent.")) {
                properties.put(name, System.getProperty(name));
            }
        }
        return properties;
    }

    private static String describe(AgentConfig config) {
        return config.profile() != null
                ? "credentials from profile '" + config.profile() + "'"
                : "credentials from the default chain";
    }

    private static String version() {
        String version = versionNumber();
        return version.equals("unknown") ? "" : " (version " + version + ")";
    }

    private static String versionNumber() {
        String version = AgentInstaller.class.getPackage() == null ? null
                : AgentInstaller.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}
