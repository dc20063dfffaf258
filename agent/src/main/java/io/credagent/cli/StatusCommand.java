package io.credagent.cli;

import io.credagent.log.TimeLeft;
import io.credagent.status.CredentialsStatus;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code status <pid> [--format text|json]}: credagent's MXBean in a running JVM of this user,
 * read through the attach API and the JVM's local management agent (started if need be; local
 * connections only). Exit 0 when every identity is healthy, 1 when one is failing or a defect was
 * counted, 2 when credagent is not active there (or nothing could be read).
 */
final class StatusCommand {

    private StatusCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || !args[0].matches("[0-9]+")) {
            err.println("credagent: status needs the process id of a running JVM: status <pid> [--format text|json]");
            return 2;
        }
        String pid = args[0];
        String format = "text";
        if (args.length == 3 && args[1].equals("--format") && (args[2].equals("text") || args[2].equals("json"))) {
            format = args[2];
        } else if (args.length != 1) {
            err.println("credagent: usage: status <pid> [--format text|json]");
            return 2;
        }
        Map<String, Object> status;
        try {
            status = read(pid);
        } catch (StatusFailure e) {
            err.println("credagent: " + e.getMessage());
            return 2;
        }
        if (status == null) {
            err.println("credagent: credagent is not active in JVM " + pid + ", or has answered no lookup yet");
            return 2;
        }
        out.print(format.equals("json") ? JsonLine.write(status) + "\n" : text(pid, status));
        return healthy(status) ? 0 : 1;
    }

    private static Map<String, Object> read(String pid) throws StatusFailure {
        String address = localManagementAgent(pid);
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName(CredentialsStatus.NAME);
            // The agent registers it a few seconds after its first lookup: a JVM just started gets that long.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CredentialsStatus.REGISTRATION_DELAY_MILLIS + 2_000);
            while (!server.isRegistered(name)) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("version", server.getAttribute(name, "Version"));
            status.put("options", server.getAttribute(name, "Options"));
            status.put("identities", composites((CompositeData[]) server.getAttribute(name, "Identities")));
            status.put("lookups", composites((CompositeData[]) server.getAttribute(name, "Lookups")));
            List<Object> keys = new ArrayList<>();
            for (String key : (String[]) server.getAttribute(name, "StaticKeys")) {
                keys.add(key);
            }
            status.put("staticKeys", keys);
            status.put("agentDefects", server.getAttribute(name, "AgentDefects"));
            return status;
        } catch (Exception e) {
            throw new StatusFailure("cannot read credagent's status in JVM " + pid + ": " + e);
        }
    }

    /** {@code VirtualMachine.startLocalManagementAgent()}: the address of the JVM's local JMX connector. */
    private static String localManagementAgent(String pid) throws StatusFailure {
        try {
            AttachApi vm = AttachApi.attach(pid);
            try {
                return (String) vm.call("start its local management agent", "startLocalManagementAgent", new Class<?>[0]);
            } finally {
                vm.detach();
            }
        } catch (AttachApi.AttachFailure e) {
            throw new StatusFailure(e.getMessage());
        }
    }

    private static List<Object> composites(CompositeData[] rows) {
        List<Object> list = new ArrayList<>();
        for (CompositeData row : rows) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String key : row.getCompositeType().keySet()) {
                map.put(key, row.get(key));
            }
            list.add(map);
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static boolean healthy(Map<String, Object> status) {
        for (Object identity : (List<Object>) status.get("identities")) {
            if (((Number) ((Map<String, Object>) identity).get("failures")).intValue() > 0) {
                return false;
            }
        }
        return ((Number) status.get("agentDefects")).longValue() == 0;
    }

    @SuppressWarnings("unchecked")
    static String text(String pid, Map<String, Object> status) {
        Instant now = Instant.now();
        StringBuilder text = new StringBuilder("credagent ").append(status.get("version")).append(" in JVM ").append(pid)
                .append(": ").append(status.get("options")).append('\n');
        for (Object row : (List<Object>) status.get("identities")) {
            Map<String, Object> identity = (Map<String, Object>) row;
            text.append("identity ").append(identity.get("identity")).append(": ");
            if (String.valueOf(identity.get("accessKeyId")).isEmpty()) {
                text.append("no credentials");
            } else {
                text.append(identity.get("accessKeyId")).append(" from ").append(identity.get("source"));
                String expiration = String.valueOf(identity.get("expiration"));
                if (!expiration.isEmpty()) {
                    text.append(", ").append(TimeLeft.until(Instant.parse(expiration), now));
                }
            }
            text.append("; refreshed ").append(identity.get("refreshes")).append(" time")
                    .append(((Number) identity.get("refreshes")).longValue() == 1 ? "" : "s");
            appendInstant(text, ", last ", identity.get("lastRefresh"));
            appendInstant(text, ", next ", identity.get("nextRefresh"));
            int failures = ((Number) identity.get("failures")).intValue();
            if (failures > 0) {
                text.append("; failing (").append(failures).append(" in a row): ").append(identity.get("lastError"));
            }
            text.append('\n');
        }
        text.append("lookups:");
        List<Object> lookups = (List<Object>) status.get("lookups");
        for (Object row : lookups) {
            Map<String, Object> lookup = (Map<String, Object>) row;
            text.append(' ').append(lookup.get("providerClass")).append('=').append(lookup.get("lookups"));
        }
        text.append(lookups.isEmpty() ? " none\n" : "\n");
        List<Object> keys = (List<Object>) status.get("staticKeys");
        text.append("static keys seen: ").append(keys.isEmpty() ? "none" : String.join("; ", (List<String>) (List<?>) keys))
                .append('\n');
        text.append("agent defects: ").append(status.get("agentDefects")).append('\n');
        return text.toString();
    }

    private static void appendInstant(StringBuilder text, String label, Object value) {
        if (value != null && !String.valueOf(value).isEmpty()) {
            text.append(label).append(value);
        }
    }

    static final class StatusFailure extends Exception {
        StatusFailure(String message) {
            super(message);
        }
    }
}
