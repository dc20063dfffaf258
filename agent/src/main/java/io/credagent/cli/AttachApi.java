package io.credagent.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The JDK's attach API ({@code com.sun.tools.attach.VirtualMachine}), for {@code attach} and
 * {@code status}. {@code jdk.attach} is defined to the application class loader, which the
 * isolated payload does not see, so it is reached reflectively through the system class loader.
 * On Java 8 the API is in the JDK's {@code lib/tools.jar}, which must then be on the class path.
 */
final class AttachApi {

    private final Class<?> virtualMachine;
    private final Object vm;
    private final String pid;

    private AttachApi(Class<?> virtualMachine, Object vm, String pid) {
        this.virtualMachine = virtualMachine;
        this.vm = vm;
        this.pid = pid;
    }

    static AttachApi attach(String pid) throws AttachFailure {
        Class<?> virtualMachine;
        try {
            virtualMachine = ClassLoader.getSystemClassLoader().loadClass("com.sun.tools.attach.VirtualMachine");
        } catch (ClassNotFoundException e) {
            throw new AttachFailure("the JDK attach API is not available: run this with a JDK, not a JRE"
                    + " (on Java 8: java -cp $JAVA_HOME/lib/tools.jar:credagent.jar io.credagent.entry.AgentEntry ...)");
        }
        try {
            return new AttachApi(virtualMachine, virtualMachine.getMethod("attach", String.class).invoke(null, pid), pid);
        } catch (InvocationTargetException e) {
            throw new AttachFailure("cannot attach to JVM " + pid + ": " + e.getCause().getMessage()
                    + " (is it running, a JVM, and owned by this user?)");
        } catch (ReflectiveOperationException e) {
            throw new AttachFailure("cannot attach to JVM " + pid + ": " + e);
        }
    }

    /** A method of {@code VirtualMachine} on the attached JVM; {@code what} says it in a failure. */
    Object call(String what, String method, Class<?>[] types, Object... args) throws AttachFailure {
        try {
            Method m = virtualMachine.getMethod(method, types);
            return m.invoke(vm, args);
        } catch (InvocationTargetException e) {
            throw new AttachFailure("JVM " + pid + " refused to " + what + ": " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AttachFailure("cannot " + what + " in JVM " + pid + ": " + e);
        }
    }

    void detach() {
        try {
            virtualMachine.getMethod("detach").invoke(vm);
        } catch (ReflectiveOperationException ignored) {
            // the attached JVM goes on either way
        }
    }

    static final class AttachFailure extends Exception {
        AttachFailure(String message) {
            super(message);
        }
    }
}
