package io.credagent.cli;

import java.io.File;

/** {@code attach <pid> [options]}: loads credagent into a running JVM through the JDK's attach API ({@link AttachApi}). */
final class AttachCommand {

    private AttachCommand() {
    }

    static void attach(String pid, String options) throws AttachApi.AttachFailure {
        String jar = agentJar();
        AttachApi vm = AttachApi.attach(pid);
        try {
            vm.call("load the agent", "loadAgent", new Class<?>[] {String.class, String.class}, jar, options);
        } finally {
            vm.detach();
        }
    }

    /** The payload's code source is the agent jar itself (see AgentClassLoader). */
    private static String agentJar() throws AttachApi.AttachFailure {
        try {
            return new File(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (Exception e) {
            throw new AttachApi.AttachFailure("cannot locate credagent.jar: " + e);
        }
    }
}
