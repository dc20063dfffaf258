package io.credagent.cli;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@code attach <pid> [options]}: loads credagent into a running JVM through the JDK's attach API.
 *
 * <p>{@code jdk.attach} is defined to the application class loader, which the isolated payload
 * does not see, so it is reached reflectively through the system class loader. On Java 8 the API
 * is in the JDK's {@code lib/tools.jar}, which must then be on the class path.
 */
final class AttachCommand {

    private AttachCommand() {
    }

    static void attach(String pid, String options) throws AttachFailure {
        String jar = agentJar();
        Object vm;
        Class<?> virtualMachine;
        try {
            virtualMachine = ClassLoader.getSystemClassLoader().loadClass("com.sun.tools.attach.VirtualMachine");
        } catch (ClassNotFoundException e) {
            throw new AttachFailure("the JDK attach API is not available: run attach with a JDK, not a JRE"
                    + " (on Java 8: java -cp $JAVA_HOME/lib/tools.jar:credagent.jar io.credagent.entry.AgentEntry attach ...)");
        }
        try {
            vm = virtualMachine.getMethod("attach", String.class).invoke(null, pid);
        } catch (InvocationTargetException e) {
            throw new AttachFailure("cannot attach to JVM " + pid + ": " + e.getCause().getMessage()
                    + " (is it running, a JVM, and owned by this user?)");
        } catch (ReflectiveOperationException e) {
            throw new AttachFailure("cannot attach to JVM " + pid + ": " + e);
        }
        try {
            Method loadAgent = virtualMachine.getMethod("loadAgent", String.class, String.class);
            loadAgent.invoke(vm, jar, options);
        } catch (InvocationTargetException e) {
            throw new AttachFailure("JVM " + pid + " refused to load the agent: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AttachFailure("cannot load the agent into JVM " + pid + ": " + e);
        } finally {
            try {
                virtualMachine.getMethod("detach").invoke(vm);
            } catch (ReflectiveOperationException ignored) {
                // the target keeps the agent either way
            }
        }
    }

    /** The payload's code source is the agent jar itself (see AgentClassLoader). */
    private static String agentJar() throws AttachFailure {
        try {
            return new File(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (Exception e) {
            throw new AttachFailure("cannot locate credagent.jar: " + e);
        }
    }

    static final class AttachFailure extends Exception {
        AttachFailure(String message) {
            super(message);
        }
    }
}
