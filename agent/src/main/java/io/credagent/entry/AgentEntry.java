package io.credagent.entry;

import io.credagent.bootstrap.AgentClassLoader;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The only agent class at the jar root besides the bridge: premain, agentmain and the CLI's main.
 *
 * <p>Kept tiny on purpose: find the agent's own jar, append it to the bootstrap search path (which
 * shares the bridge with every class loader), create the agent class loader and hand over, by
 * reflection, to the installer inside the isolated payload. Any failure leaves one line on stderr
 * and the application runs exactly as it would without the agent.
 */
public final class AgentEntry {

    private static final String INSTALLER = "io.credagent.agent.AgentInstaller";
    private static final String BRIDGE = "io.credagent.bootstrap.CredentialBridge";
    private static final String CLI = "io.credagent.cli.Cli";

    private AgentEntry() {
    }

    public static void premain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, false);
    }

    public static void agentmain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, true);
    }

    /** {@code java -jar credagent.jar <command>}: the CLI, run inside the agent class loader. */
    public static void main(String[] args) throws Throwable {
        ClassLoader payload = new AgentClassLoader(agentJar(), AgentClassLoader.jdkParent());
        Thread.currentThread().setContextClassLoader(payload);
        try {
            Class.forName(CLI, true, payload).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void start(String options, Instrumentation instrumentation, boolean attached) {
        try {
            File jar = agentJar();
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar, false));
            // Reflection, and loader null: the bridge must be the bootstrap copy, never ours.
            Class<?> bridge = Class.forName(BRIDGE, true, null);
            if (!(Boolean) bridge.getMethod("claimInstall").invoke(null)) {
                return; // already installed in this JVM
            }
            ClassLoader payload = new AgentClassLoader(jar, AgentClassLoader.jdkParent());
            Class.forName(INSTALLER, true, payload)
                    .getMethod("install", String.class, Instrumentation.class, boolean.class)
                    .invoke(null, options, instrumentation, attached);
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException ? t.getCause() : t;
            System.err.println("credagent: disabled: " + cause);
        }
    }

    private static File agentJar() throws URISyntaxException {
        return new File(AgentEntry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
