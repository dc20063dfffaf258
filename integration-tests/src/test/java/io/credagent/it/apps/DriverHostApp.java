package io.credagent.it.apps;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;

/**
 * A host that loads drivers the way JDBC tools and plugin hosts do: each jar in its own
 * {@link URLClassLoader} whose parent is the platform loader, so every driver sees only its own
 * bundled (relocated) SDK. Arguments: endpoint, then {@code jar|driverClass|profile} per driver
 * (profile {@code -} for the driver's default chain). Prints {@code ARN=<arn>} and
 * {@code PROVIDER_INTERFACE=<relocated name>} per driver; on any exception
 * {@code ERROR=<class>: <message>} and exit code 3.
 */
public final class DriverHostApp {
    private DriverHostApp() {
    }

    public static void main(String[] args) {
        String endpoint = args[0];
        try {
            for (int i = 1; i < args.length; i++) {
                String[] driver = args[i].split("\\|");
                URLClassLoader loader = new URLClassLoader(new URL[] {Paths.get(driver[0]).toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                Class<?> type = Class.forName(driver[1], true, loader);
                String profile = "-".equals(driver[2]) ? null : driver[2];
                System.out.println("PROVIDER_INTERFACE=" + type.getMethod("providerInterface").invoke(null));
                System.out.println("ARN=" + type.getMethod("callerArn", String.class, String.class)
                        .invoke(null, endpoint, profile));
            }
        } catch (Exception e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            System.out.println("ERROR=" + cause.getClass().getName() + ": " + cause.getMessage());
            System.out.flush();
            System.exit(3);
        }
        System.exit(0);
    }
}
